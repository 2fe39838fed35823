/**
 * Profiles and connection settings. Precedence: flags > env > config file. Secrets only come
 * from env, a file or a hidden prompt (never a flag value, which `ps` would show) and are
 * never echoed: `config list` prints them masked.
 */
import { readFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { isAbsolute, join, resolve } from 'node:path';
import { UsageError, usageError } from '../errors.js';

export type WikiFlavour = 'wikijs' | 'mediawiki';

export interface Profile {
  readonly kind: WikiFlavour;
  /** Wiki.js site base (`https://wiki.example`) or MediaWiki `api.php` URL. */
  readonly url: string;
  /** Wiki.js API key or JWT. */
  readonly token?: string;
  /** MediaWiki bot-password user (`Name@botname`). */
  readonly username?: string;
  /** MediaWiki bot password. */
  readonly password?: string;
  /** Wiki.js major; `auto` detects. */
  readonly wikijsVersion?: 2 | 3 | 'auto';
}

export interface ConfigFile {
  readonly version: 1;
  readonly current?: string;
  readonly profiles: Readonly<Record<string, Profile>>;
}

export const EMPTY_CONFIG: ConfigFile = { version: 1, profiles: {} };

type Env = Readonly<Record<string, string | undefined>>;

function nonEmpty(value: string | undefined): string | undefined {
  return value === undefined || value === '' ? undefined : value;
}

/** `$WIKIKIT_CONFIG`, else `$XDG_CONFIG_HOME/wikikit/config.json`, else `~/.config/wikikit/config.json`. */
export function configPath(env: Env, cwd: string): string {
  const explicit = nonEmpty(env['WIKIKIT_CONFIG']);
  if (explicit !== undefined) return resolve(cwd, explicit);
  const xdg = nonEmpty(env['XDG_CONFIG_HOME']);
  if (xdg !== undefined && isAbsolute(xdg)) return join(xdg, 'wikikit', 'config.json');
  return join(nonEmpty(env['HOME']) ?? homedir(), '.config', 'wikikit', 'config.json');
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function parseProfile(name: string, raw: unknown, file: string): Profile {
  if (!isRecord(raw) || typeof raw['url'] !== 'string') {
    throw usageError(`config file ${file}: profile "${name}" needs a "url"`, { field: `profiles.${name}` });
  }
  const kind = raw['kind'] === 'mediawiki' ? 'mediawiki' : raw['kind'] === 'wikijs' || raw['kind'] === undefined ? guessKind(raw['url']) : undefined;
  if (kind === undefined) {
    throw usageError(`config file ${file}: profile "${name}" has kind ${JSON.stringify(raw['kind'])}; use "wikijs" or "mediawiki"`, { field: `profiles.${name}.kind` });
  }
  const v = raw['wikijsVersion'];
  return {
    kind,
    url: raw['url'],
    ...(typeof raw['token'] === 'string' ? { token: raw['token'] } : {}),
    ...(typeof raw['username'] === 'string' ? { username: raw['username'] } : {}),
    ...(typeof raw['password'] === 'string' ? { password: raw['password'] } : {}),
    ...(v === 2 || v === 3 || v === 'auto' ? { wikijsVersion: v } : {}),
  };
}

/** Reads the config file; a missing file is an empty config. */
export async function loadConfig(file: string): Promise<ConfigFile> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return EMPTY_CONFIG;
    throw usageError(`cannot read config file ${file}: ${(error as Error).message}`, { field: 'config', cause: error });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw usageError(`config file ${file} is not valid JSON: ${(error as Error).message}`, { field: 'config', cause: error });
  }
  if (!isRecord(raw)) throw usageError(`config file ${file} must hold a JSON object`, { field: 'config' });
  const profiles: Record<string, Profile> = {};
  const rawProfiles = raw['profiles'];
  if (isRecord(rawProfiles)) {
    for (const [name, value] of Object.entries(rawProfiles)) profiles[name] = parseProfile(name, value, file);
  }
  const current = typeof raw['current'] === 'string' ? raw['current'] : undefined;
  return { version: 1, profiles, ...(current === undefined ? {} : { current }) };
}

/**
 * Atomic, private write: a temp file created 0600 in the same directory, fsynced, then renamed
 * over the target, so a crash leaves the old file or the new one, never half of either.
 */
export async function saveConfig(file: string, config: ConfigFile): Promise<void> {
  // Loaded here, not at the top: reading the config is on every command's cold path, saving is not.
  const { writeFileAtomic } = await import('../ops/files.js');
  await writeFileAtomic(file, `${JSON.stringify(config, null, 2)}\n`, { mode: 0o600, dirMode: 0o700 });
}

/** `eyJh…(redacted)`: enough to tell two keys apart, never enough to use one. */
export function maskSecret(secret: string | undefined): string {
  if (secret === undefined || secret === '') return '(none)';
  return secret.length >= 16 ? `${secret.slice(0, 4)}…(redacted)` : '…(redacted)';
}

export function guessKind(url: string): WikiFlavour {
  return /\/api\.php(?:[?#].*)?$/i.test(url) ? 'mediawiki' : 'wikijs';
}

export function validateUrl(url: string, field = 'url'): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw usageError(`"${url}" is not a URL (expected e.g. https://wiki.example or https://wiki.example/w/api.php)`, { field });
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    throw usageError(`"${url}" must be an http(s) URL`, { field });
  }
  if (parsed.username !== '' || parsed.password !== '') {
    throw usageError('put credentials in WIKIKIT_TOKEN / --token-file, not in the URL', { field });
  }
  return url.replace(/\/+$/, '');
}

/** Where a connection's settings came from, resolved. */
export interface ResolvedTarget {
  readonly kind: WikiFlavour;
  readonly url: string;
  readonly profile?: string;
  readonly token?: string;
  readonly username?: string;
  readonly password?: string;
  readonly wikijsVersion?: 2 | 3 | 'auto';
  /**
   * Where the secret (API key, bot password) came from, so a refusal can name what to fix:
   * `--token-file`, the environment (`WIKIKIT_TOKEN` / `WIKIKIT_PASSWORD`), the profile, or a prompt.
   */
  readonly secretSource?: SecretSource;
}

export type SecretSource = 'token-file' | 'env' | 'profile' | 'prompt';

export interface ConnectionFlags {
  readonly profile?: string | undefined;
  readonly url?: string | undefined;
  readonly tokenFile?: string | undefined;
}

export interface ResolveInput {
  /** A profile name or a URL given to a command (e.g. `--to`); beats everything else. */
  readonly spec?: string | undefined;
  readonly flags: ConnectionFlags;
  readonly env: Env;
  readonly cwd: string;
  readonly config: ConfigFile;
  /** Hidden prompt, when stdin is a terminal. */
  readonly prompt?: ((question: string) => Promise<string>) | undefined;
}

export async function readSecretFile(path: string, cwd: string, field: string): Promise<string> {
  try {
    const text = (await readFile(resolve(cwd, path), 'utf8')).trim();
    if (text === '') throw usageError(`${field} file ${path} is empty`, { field });
    return text;
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw usageError(`cannot read ${field} file ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { field, cause: error });
  }
}

function looksLikeUrl(spec: string): boolean {
  return /^https?:\/\//i.test(spec);
}

/** The first secret given, and where it came from (flags > env > profile). */
function firstSecret(...candidates: [string | undefined, SecretSource][]): [string | undefined, SecretSource | undefined] {
  for (const [value, source] of candidates) if (value !== undefined && value !== '') return [value, source];
  return [undefined, undefined];
}

/** flags > env > config file, for one connection. */
export async function resolveTarget(input: ResolveInput): Promise<ResolvedTarget> {
  const { flags, env, config } = input;
  let profileName: string | undefined;
  let url: string | undefined;
  if (input.spec !== undefined && looksLikeUrl(input.spec)) url = input.spec;
  else if (input.spec !== undefined) profileName = input.spec;
  else {
    url = nonEmpty(flags.url) ?? nonEmpty(env['WIKIKIT_URL']);
    if (url === undefined) profileName = nonEmpty(flags.profile) ?? nonEmpty(env['WIKIKIT_PROFILE']) ?? config.current;
  }

  let profile: Profile | undefined;
  if (profileName !== undefined) {
    profile = config.profiles[profileName];
    if (profile === undefined) {
      const known = Object.keys(config.profiles);
      throw usageError(
        `no profile "${profileName}"${known.length > 0 ? ` (known: ${known.join(', ')})` : ''}; add it with \`wikikit config add ${profileName} --url URL\``,
        { field: 'profile' },
      );
    }
  } else if (url === undefined) {
    throw usageError(
      'no wiki configured: run `wikikit config add NAME --url URL`, or set WIKIKIT_URL and WIKIKIT_TOKEN, or pass --url',
      { field: 'url' },
    );
  } else {
    // A URL that matches a stored profile borrows its credentials.
    const normal = url.replace(/\/+$/, '');
    for (const [name, candidate] of Object.entries(config.profiles)) {
      if (candidate.url.replace(/\/+$/, '') === normal) {
        profile = candidate;
        profileName = name;
        break;
      }
    }
  }

  const finalUrl = validateUrl(url ?? (profile as Profile).url);
  const kind = profile?.kind ?? guessKind(finalUrl);
  const tokenFromFile = flags.tokenFile === undefined ? undefined : await readSecretFile(flags.tokenFile, input.cwd, 'token');

  if (kind === 'mediawiki') {
    const username = nonEmpty(env['WIKIKIT_USERNAME']) ?? profile?.username;
    let [password, secretSource] = firstSecret([tokenFromFile, 'token-file'], [nonEmpty(env['WIKIKIT_PASSWORD']), 'env'], [profile?.password, 'profile']);
    // No user: read anonymously (a public wiki needs no account); only a named user is asked for a password.
    if (username !== undefined && password === undefined && input.prompt) [password, secretSource] = [await input.prompt(`Bot password for ${username}: `), 'prompt'];
    return {
      kind,
      url: finalUrl,
      ...(profileName === undefined ? {} : { profile: profileName }),
      ...(username === undefined ? {} : { username }),
      ...(password === undefined ? {} : { password }),
      ...(secretSource === undefined ? {} : { secretSource }),
    };
  }
  let [token, secretSource] = firstSecret([tokenFromFile, 'token-file'], [nonEmpty(env['WIKIKIT_TOKEN']), 'env'], [profile?.token, 'profile']);
  if (token === undefined && input.prompt) [token, secretSource] = [await input.prompt(`API key for ${finalUrl}: `), 'prompt'];
  return {
    kind,
    url: finalUrl,
    ...(profileName === undefined ? {} : { profile: profileName }),
    ...(token === undefined || token === '' ? {} : { token, ...(secretSource === undefined ? {} : { secretSource }) }),
    ...(profile?.wikijsVersion === undefined ? {} : { wikijsVersion: profile.wikijsVersion }),
  };
}
