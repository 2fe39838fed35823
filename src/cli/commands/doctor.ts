/**
 * `wikikit doctor`: walks the path a real command takes (config → URL → token → permissions →
 * version) and stops at the first broken step with ONE line saying what is wrong and what to do.
 */
import type { Command } from 'commander';
import type { WikiJsClient } from '../../wikijs/index.js';
import type { ResolvedTarget } from '../config.js';
import { isWikikitError, type WikikitError } from '../../errors.js';
import { examples } from '../command-module.js';
import type { CliContext } from '../context.js';
import { EXIT, exitCodeFor } from '../exit-codes.js';

interface Check {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

/** Which secret to fix, named the way the user gave it (a bad WIKIKIT_TOKEN is not the profile's fault). */
function secretName(target: ResolvedTarget | undefined, mediawiki: boolean): string {
  const what = mediawiki ? 'bot password' : 'API key';
  switch (target?.secretSource) {
    case 'env':
      return `the ${what} in ${mediawiki ? 'WIKIKIT_PASSWORD' : 'WIKIKIT_TOKEN'}`;
    case 'token-file':
      return `the ${what} in --token-file`;
    case 'profile':
      return `the ${what} of profile "${target.profile ?? ''}"`;
    case 'prompt':
      return `the ${what} you typed`;
    case undefined:
      return `the ${what}`;
  }
}

function authAdvice(target: ResolvedTarget | undefined, mediawiki: boolean): string {
  const make = mediawiki ? 'make a new one at Special:BotPasswords' : 'create a new one in Administration > API Access';
  switch (target?.secretSource) {
    case 'env':
      return `${make} and set ${mediawiki ? 'WIKIKIT_PASSWORD' : 'WIKIKIT_TOKEN'} to it${target.profile === undefined ? '' : ` (or unset it to use profile "${target.profile}")`}`;
    case 'token-file':
      return `${make} and write it to the --token-file`;
    case 'profile':
      return `${make} and run \`wikikit config add ${target.profile ?? 'NAME'} --url ${target.url}\` again`;
    case 'prompt':
    case undefined:
      return make;
  }
}

/** What to tell a person for each kind of failure, in one line. */
export function diagnose(error: unknown, url: string, target?: ResolvedTarget): string {
  if (!isWikikitError(error)) return `unexpected failure talking to ${url}: ${error instanceof Error ? error.message : String(error)}`;
  const e: WikikitError = error;
  switch (e.category) {
    case 'network':
      return `cannot reach ${url} (${e.message.split(':').pop()?.trim() ?? 'network error'}): check the URL, that the wiki is running, and any proxy/VPN`;
    case 'timeout':
      return `${url} did not answer in time: the server is slow or unreachable; try --timeout 60`;
    case 'auth': {
      const mediawiki = url.endsWith('api.php');
      const user = mediawiki && target?.username !== undefined ? ` for ${target.username}` : '';
      return `${secretName(target, mediawiki)}${user} was refused by ${url}: ${authAdvice(target, mediawiki)}`;
    }
    case 'permission':
      return url.endsWith('api.php')
        ? `the account works but lacks permission (${e.message}): give the bot password the rights it needs (edit, createeditmovepage, delete)`
        : // Wiki.js 2.5 opens a single page only to manage:pages or delete:pages, in the group's permissions and its page rules alike.
          `the API key works but lacks permission (${e.message}): give its group read:pages, write:pages and manage:pages, in its permissions and its page rules`;
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
        let unchecked = false;
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
            const rights = await wikijsRights(client, target.token);
            if (rights === undefined) {
              unchecked = true;
              report({ name: 'permissions', ok: true, detail: "not checked: the key may not read its group's permissions (needs read:groups); sync --delete, pages rm and mv need delete:pages" });
            } else {
              const missing = ['write:pages', 'delete:pages'].filter((p) => !rights.includes(p) && !rights.includes('manage:system'));
              report({
                name: 'permissions',
                ok: missing.length === 0,
                detail: missing.length === 0 ? 'the key may write and delete pages' : `the key's group lacks ${missing.join(', ')}: sync --delete, pages rm and mv would be refused; grant them in Administration > Groups`,
              });
              if (missing.length > 0) {
                ctx.fail(EXIT.auth);
                return;
              }
            }
          } else {
            const client = await ctx.mediawiki(spec);
            const info = await client.siteinfo();
            if (target.username === undefined) {
              report({ name: 'account', ok: true, detail: 'none: reading anonymously; writes need WIKIKIT_USERNAME and WIKIKIT_PASSWORD (a bot password)' });
              report({ name: 'server', ok: true, detail: `${info.general.generator ?? 'MediaWiki'} (${info.general.sitename ?? ''})` });
              ctx.out.info(ctx.out.color.green('reading works; configure a bot password to write'));
              return;
            }
            const user = await client.login();
            report({ name: 'login', ok: true, detail: `logged in as ${user.name}` });
            report({ name: 'server', ok: true, detail: `${info.general.generator ?? 'MediaWiki'} (${info.general.sitename ?? ''})` });
            // What the jobs need: edit (put, sync, replace), delete (sync --delete, pages rm), move (pages mv).
            const needed: [right: string, grant: string][] = [['edit', 'Edit existing pages'], ['delete', 'Delete pages, revisions, and log entries'], ['move', 'Edit existing pages and create/move pages']];
            const missing = needed.filter(([right]) => !user.rights.includes(right));
            report({
              name: 'permissions',
              ok: missing.length === 0,
              detail:
                missing.length === 0
                  ? 'the account may edit, move and delete pages'
                  : `${user.name} lacks the ${missing.map(([r]) => `"${r}"`).join(', ')} right${missing.length === 1 ? '' : 's'}: tick ${missing.map(([, g]) => `"${g}"`).join(', ')} at Special:BotPasswords`,
            });
            if (missing.length > 0) {
              ctx.fail(EXIT.auth);
              return;
            }
          }
        } catch (error) {
          const line = diagnose(error, target.url, target);
          report({ name: 'problem', ok: false, detail: line });
          ctx.fail(isWikikitError(error) ? exitCodeFor(error.category) : EXIT.failure);
          return;
        }
        ctx.out.info(ctx.out.color.green(unchecked ? 'everything that could be checked looks fine' : 'everything looks fine'));
      }),
    ['wikikit doctor', 'wikikit doctor staging', 'WIKIKIT_URL=http://localhost:3000 WIKIKIT_TOKEN=... wikikit doctor --json'],
  );
}

/**
 * The permissions of the group a Wiki.js API key belongs to (its `grp` claim), or undefined
 * when they cannot be read (a JWT login, or a key that may not read groups): then nothing is claimed.
 */
async function wikijsRights(client: WikiJsClient, token: string | undefined): Promise<readonly string[] | undefined> {
  const payload = token?.split('.')[1];
  if (payload === undefined) return undefined;
  let group: unknown;
  try {
    group = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { grp?: unknown }).grp;
  } catch {
    return undefined;
  }
  if (typeof group !== 'number' && typeof group !== 'string') return undefined;
  try {
    return (await client.groups.get(group)).permissions;
  } catch {
    return undefined;
  }
}
