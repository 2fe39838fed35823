import type { Command } from 'commander';
import { Option } from 'commander';
import { usageError } from '../../errors.js';
import { examples } from '../command-module.js';
import { guessKind, maskSecret, readSecretFile, saveConfig, validateUrl, type Profile, type WikiFlavour } from '../config.js';
import type { CliContext } from '../context.js';

interface AddOptions {
  kind?: WikiFlavour;
  username?: string;
  passwordFile?: string;
  wikijsVersion?: '2' | '3' | 'auto';
  use?: boolean;
}

const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

async function addProfile(ctx: CliContext, name: string, options: AddOptions): Promise<void> {
  if (!NAME.test(name)) throw usageError(`profile name "${name}" must be letters, digits, ".", "_" or "-"`, { field: 'name' });
  // --url and --token-file are the global options (commander reads them anywhere on the line).
  if (ctx.options.url === undefined) throw usageError('config add needs --url URL', { field: 'url' });
  const url = validateUrl(ctx.options.url);
  const kind = options.kind ?? guessKind(url);
  const env = ctx.io.env;
  const tokenFile = ctx.options.tokenFile;
  let profile: Profile;
  if (kind === 'mediawiki') {
    const username = options.username ?? env['WIKIKIT_USERNAME'];
    if (username === undefined || username === '') throw usageError('a MediaWiki profile needs --username (a bot-password user, e.g. Admin@wikikit)', { field: 'username' });
    let password: string | undefined =
      options.passwordFile !== undefined ? await readSecretFile(options.passwordFile, ctx.io.cwd, 'password') : undefined;
    if (password === undefined && tokenFile !== undefined) password = await readSecretFile(tokenFile, ctx.io.cwd, 'password');
    password ??= env['WIKIKIT_PASSWORD'] === '' ? undefined : env['WIKIKIT_PASSWORD'];
    if (password === undefined && ctx.canPrompt()) password = await ctx.promptSecret(`Bot password for ${username}: `);
    if (password === undefined) throw usageError('no bot password: pass --password-file, set WIKIKIT_PASSWORD, or run in a terminal to be prompted', { field: 'password' });
    ctx.secrets.add(password);
    profile = { kind, url, username, password };
  } else {
    let token: string | undefined = tokenFile === undefined ? undefined : await readSecretFile(tokenFile, ctx.io.cwd, 'token');
    token ??= env['WIKIKIT_TOKEN'] === '' ? undefined : env['WIKIKIT_TOKEN'];
    if (token === undefined && ctx.canPrompt()) token = await ctx.promptSecret(`API key for ${url} (Administration > API Access): `);
    if (token === undefined) throw usageError('no API key: pass --token-file FILE, set WIKIKIT_TOKEN, or run in a terminal to be prompted', { field: 'token' });
    ctx.secrets.add(token);
    const version = options.wikijsVersion === undefined ? undefined : options.wikijsVersion === 'auto' ? 'auto' : (Number(options.wikijsVersion) as 2 | 3);
    profile = { kind, url, token, ...(version === undefined ? {} : { wikijsVersion: version }) };
  }
  const config = await ctx.config();
  const makeCurrent = options.use === true || config.current === undefined;
  await saveConfig(ctx.configPath, {
    version: 1,
    profiles: { ...config.profiles, [name]: profile },
    ...(makeCurrent ? { current: name } : config.current === undefined ? {} : { current: config.current }),
  });
  ctx.forgetConfig();
  ctx.out.record('profile', { action: 'added', name, kind, url, current: makeCurrent }, `added profile ${name} (${kind} ${url})${makeCurrent ? ', now the default' : ''}`);
}

export function register(program: Command, ctx: CliContext): void {
  const config = examples(
    program
      .command('config')
      .description('manage connection profiles, stored 0600 in $WIKIKIT_CONFIG or ~/.config/wikikit/config.json'),
    [
      'wikikit config add prod --url https://wiki.example.com            # prompts for the API key',
      'WIKIKIT_TOKEN=... wikikit config add staging --url https://staging.example.com',
      'wikikit config add mw --url https://wiki.example.org/w/api.php --username Admin@bot --password-file pw.txt',
      'wikikit config list',
      'wikikit config use staging',
      'wikikit config remove staging',
    ],
  );

  examples(
    config
      .command('add')
      .description('add or replace a profile (--url URL required); the secret comes from --token-file, the env or a hidden prompt')
      .argument('<name>', 'profile name')
      .addOption(new Option('--kind <kind>', 'wiki kind (default: mediawiki when the URL ends in api.php)').choices(['wikijs', 'mediawiki']))
      .addOption(new Option('--wikijs-version <v>', 'Wiki.js major').choices(['2', '3', 'auto']))
      .option('--username <user>', 'MediaWiki bot-password user (env: WIKIKIT_USERNAME)')
      .option('--password-file <file>', 'MediaWiki bot password file (env: WIKIKIT_PASSWORD)')
      .option('--use', 'make it the default profile')
      .action((name: string, options: AddOptions) => addProfile(ctx, name, options)),
    ['wikikit config add prod --url https://wiki.example.com --token-file ~/.wikijs-key', 'wikikit config add mw --url http://localhost:8080/w/api.php --username Admin@wikikit'],
  );

  examples(
    config
      .command('list')
      .alias('ls')
      .description('list profiles with secrets masked')
      .action(async () => {
        const file = await ctx.config();
        const names = Object.keys(file.profiles).sort();
        if (names.length === 0) ctx.out.info(`no profiles in ${ctx.configPath}; add one with \`wikikit config add NAME --url URL\``);
        const rows: string[][] = [];
        for (const name of names) {
          const p = file.profiles[name] as Profile;
          const secret = p.kind === 'mediawiki' ? maskSecret(p.password) : maskSecret(p.token);
          const current = file.current === name;
          ctx.out.record('profile', {
            name,
            kind: p.kind,
            url: p.url,
            current,
            ...(p.username === undefined ? {} : { username: p.username }),
            secret,
          });
          rows.push([current ? '*' : ' ', name, p.kind, p.url, p.username ?? '', secret]);
        }
        if (rows.length > 0) ctx.out.table(rows, [' ', 'NAME', 'KIND', 'URL', 'USER', 'SECRET']);
      }),
    ['wikikit config list', 'wikikit config list --json'],
  );

  examples(
    config
      .command('use')
      .description('make a profile the default')
      .argument('<name>')
      .action(async (name: string) => {
        const file = await ctx.config();
        if (file.profiles[name] === undefined) throw usageError(`no profile "${name}"`, { field: 'name' });
        await saveConfig(ctx.configPath, { ...file, current: name });
        ctx.forgetConfig();
        ctx.out.record('profile', { action: 'current', name }, `default profile is now ${name}`);
      }),
    ['wikikit config use prod'],
  );

  examples(
    config
      .command('remove')
      .alias('rm')
      .description('delete a profile (and its stored secret)')
      .argument('<name>')
      .action(async (name: string) => {
        const file = await ctx.config();
        if (file.profiles[name] === undefined) throw usageError(`no profile "${name}"`, { field: 'name' });
        const profiles = Object.fromEntries(Object.entries(file.profiles).filter(([key]) => key !== name));
        const current = file.current === name ? undefined : file.current;
        await saveConfig(ctx.configPath, { version: 1, profiles, ...(current === undefined ? {} : { current }) });
        ctx.forgetConfig();
        ctx.out.record('profile', { action: 'removed', name }, `removed profile ${name}`);
      }),
    ['wikikit config remove staging'],
  );

  examples(
    config
      .command('path')
      .description('print where the config file lives')
      .action(() => {
        ctx.out.record('config', { path: ctx.configPath }, ctx.configPath);
      }),
    ['wikikit config path'],
  );
}
