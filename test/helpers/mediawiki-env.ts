import { existsSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface MediaWikiEnv {
  readonly apiUrl: string;
  /** Bot-password login of the first account (`Admin@bot`). */
  readonly username: string;
  readonly password: string;
  /** A second account, to make real edit conflicts. */
  readonly username2: string;
  readonly password2: string;
  /** Main-account login of the first account (for clientlogin). */
  readonly adminUsername: string;
  readonly adminPassword: string;
}

/** Set by the globalSetup when the real MediaWiki cannot be used; it already printed why. */
export const UNAVAILABLE_VAR = 'WIKIKIT_MEDIAWIKI_UNAVAILABLE';

/** `export NAME=value` lines as written by scripts/mediawiki-start.sh (values are printf %q-quoted). */
export function parseExports(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const match = /^export ([A-Z0-9_]+)=(.*)$/.exec(line.trim());
    if (!match?.[1]) continue;
    let value = match[2] ?? '';
    if (value.startsWith("'") && value.endsWith("'")) value = value.slice(1, -1);
    else value = value.replace(/\\(.)/g, '$1');
    out[match[1]] = value;
  }
  return out;
}

export function credentialsFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(env['MW_HOME'] ?? join(env['TMPDIR'] ?? tmpdir(), 'mediawiki-ci'), 'credentials.env');
}

/** Reads MW_* from the environment, else from `$MW_HOME/credentials.env`. */
export function readMediaWikiEnv(env: NodeJS.ProcessEnv = process.env): MediaWikiEnv | undefined {
  let source: Record<string, string | undefined> = env;
  if (!env['MW_API_URL'] || !env['MW_PASSWORD']) {
    const file = credentialsFile(env);
    if (!existsSync(file)) return undefined;
    source = { ...parseExports(readFileSync(file, 'utf8')) };
  }
  const get = (name: string): string | undefined => source[name];
  const apiUrl = get('MW_API_URL');
  const username = get('MW_USERNAME');
  const password = get('MW_PASSWORD');
  if (!apiUrl || !username || !password) return undefined;
  return {
    apiUrl,
    username,
    password,
    username2: get('MW_USERNAME2') ?? '',
    password2: get('MW_PASSWORD2') ?? '',
    adminUsername: get('MW_ADMIN_USERNAME') ?? '',
    adminPassword: get('MW_ADMIN_PASSWORD') ?? '',
  };
}

/** The real test MediaWiki, or undefined when the globalSetup found it unavailable (and said so loudly). */
export function mediaWikiEnv(): MediaWikiEnv | undefined {
  if (process.env[UNAVAILABLE_VAR]) return undefined;
  return readMediaWikiEnv();
}

/** A title no earlier run used. */
export function uniqueTitle(prefix: string): string {
  return `Wikikit test/${prefix} ${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 8)}`;
}
