/**
 * `wikikit doctor`: walks the path a real command takes (config → URL → token → permissions →
 * version) and stops at the first broken step with ONE line saying what is wrong and what to do.
 */
import type { Command } from 'commander';
import { isWikikitError, type WikikitError } from '../../errors.js';
import { examples } from '../command-module.js';
import type { CliContext } from '../context.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** What to tell a person for each kind of failure, in one line. */
export function diagnose(error: unknown, url: string): string {
  if (!isWikikitError(error)) return `unexpected failure talking to ${url}: ${error instanceof Error ? error.message : String(error)}`;
  const e: WikikitError = error;
  switch (e.category) {
    case 'network':
      return `cannot reach ${url} (${e.message.split(':').pop()?.trim() ?? 'network error'}): check the URL, that the wiki is running, and any proxy/VPN`;
    case 'timeout':
      return `${url} did not answer in time: the server is slow or unreachable; try --timeout 60`;
    case 'auth':
      if (url.endsWith('api.php')) return `the bot password was refused by ${url}: check WIKIKIT_USERNAME (Name@bot) and WIKIKIT_PASSWORD, or make a new one at Special:BotPasswords`;
      return `the API key was refused by ${url}: create a new one in Administration > API Access and run \`wikikit config add\` again`;
    case 'permission':
      return `the API key works but lacks permission (${e.message}): give its group read/write pages rights`;
    case 'http':
      return `${url} answered with an unexpected HTTP status (${e.message}): is this really a ${url.endsWith('api.php') ? 'MediaWiki api.php' : 'Wiki.js'} URL?`;
    case 'rate-limit':
      return `${url} is rate-limiting us: wait and try again`;
    case 'usage':
      return e.message;
    case 'not-found':
    case 'conflict':
    case 'validation':
    case 'api':
      return `${url} answered with an error: ${e.message}`;
  }
}

export function register(program: Command, ctx: CliContext): void {
  examples(
    program
      .command('doctor')
      .description('check URL, token, permissions and server version; say in one line what is wrong')
      .argument('[profile-or-url]', 'profile name or URL (default: the configured wiki)')
      .action(async (spec: string | undefined) => {
        const checks: Check[] = [];
        const report = (check: Check): void => {
          checks.push(check);
          const mark = check.ok ? ctx.out.color.green('✓') : ctx.out.color.red('✗');
          ctx.out.record('check', { ...check }, `${mark} ${check.name}: ${check.detail}`);
        };
        const target = await ctx.target(spec);
        report({
          name: 'config',
          ok: true,
          detail: `${target.kind} at ${target.url}${target.profile === undefined ? '' : ` (profile ${target.profile})`}`,
        });
        let wiki;
        try {
          wiki = await ctx.connect(spec);
          let first;
          for await (const page of wiki.list()) {
            first = page;
            break;
          }
          report({ name: 'reachable', ok: true, detail: `${wiki.url} answered (${wiki.kind})` });
          if (first !== undefined) {
            const page = await wiki.get(first.path, { locale: first.locale });
            report({ name: 'read pages', ok: page !== undefined, detail: page === undefined ? `could not read ${first.path}` : `read ${first.path}` });
          } else {
            report({ name: 'read pages', ok: true, detail: 'the wiki has no pages yet' });
          }
          if (target.kind === 'wikijs') {
            const client = await ctx.wikijs(spec);
            const info = await client.testConnection();
            report({ name: 'server', ok: true, detail: info.message });
          } else {
            const client = await ctx.mediawiki(spec);
            const user = await client.login();
            const canEdit = user.rights.includes('edit');
            report({
              name: 'login',
              ok: canEdit,
              detail: canEdit ? `logged in as ${user.name}` : `logged in as ${user.name}, but the bot password lacks the "edit" right: tick "Edit existing pages" at Special:BotPasswords`,
            });
            const info = await client.siteinfo();
            report({ name: 'server', ok: true, detail: `${info.general.generator ?? 'MediaWiki'} (${info.general.sitename ?? ''})` });
            if (!canEdit) {
              ctx.fail(EXIT.auth);
              return;
            }
          }
        } catch (error) {
          const line = diagnose(error, target.url);
          report({ name: 'problem', ok: false, detail: line });
          ctx.fail(isWikikitError(error) ? exitCodeFor(error.category) : EXIT.failure);
          return;
        }
        ctx.out.info(ctx.out.color.green('everything looks fine'));
      }),
    ['wikikit doctor', 'wikikit doctor staging', 'WIKIKIT_URL=http://localhost:3000 WIKIKIT_TOKEN=... wikikit doctor --json'],
  );
}
