/**
 * The only CLI module that builds the real clients. Loaded lazily so `wikikit --version` and
 * `--help` never pay for GraphQL or MediaWiki code.
 */
import { usageError } from '../errors.js';
import type { MediaWikiClient } from '../mediawiki/index.js';
import type { Wiki } from '../model/wiki.js';
import type { TransportOptions } from '../transport/index.js';
import type { WikiJsClient } from '../wikijs/index.js';
import type { ResolvedTarget } from './config.js';

export async function createWikiJsClient(target: ResolvedTarget, transport: TransportOptions): Promise<WikiJsClient> {
  if (target.token === undefined) {
    throw usageError(
      `no API key for ${target.url}: set WIKIKIT_TOKEN, pass --token-file FILE, or store one with \`wikikit config add\``,
      { field: 'token' },
    );
  }
  const { WikiJsClient: Client } = await import('../wikijs/index.js');
  return new Client(
    { url: target.url.replace(/\/_?graphql$/, ''), apiKey: target.token },
    { version: target.wikijsVersion ?? 'auto', transport },
  );
}

/**
 * A MediaWiki client: logged in with the bot password when one is configured, else anonymous
 * (a public wiki is read without an account; see {@link readOnly} for writes).
 */
export async function createMediaWikiClient(target: ResolvedTarget, transport: TransportOptions): Promise<MediaWikiClient> {
  if (target.username !== undefined && target.password === undefined) {
    throw usageError(`no bot password for ${target.username} at ${target.url}: set WIKIKIT_PASSWORD (Special:BotPasswords), or store it with \`wikikit config add\``, { field: 'password' });
  }
  const { MediaWikiClient: Client } = await import('../mediawiki/index.js');
  const credentials = target.username === undefined || target.password === undefined ? {} : { username: target.username, password: target.password };
  return new Client({ apiUrl: target.url, ...credentials }, { transport });
}

/** Whether the target has no account: reads only. */
export function isAnonymous(target: ResolvedTarget): boolean {
  return target.kind === 'mediawiki' && (target.username === undefined || target.password === undefined);
}

/**
 * The page model with every write refused before any request. An anonymous MediaWiki would
 * accept many edits logged out, under the machine's IP address: never what a tool run meant.
 */
export function readOnly(wiki: Wiki): Wiki {
  const refuse = (): Promise<never> =>
    Promise.reject(
      usageError(
        `writing to ${wiki.url} needs a bot password: set WIKIKIT_USERNAME and WIKIKIT_PASSWORD (Special:BotPasswords), or store them with \`wikikit config add\` (reads work without one)`,
        { field: 'username' },
      ),
    );
  return {
    kind: wiki.kind,
    url: wiki.url,
    capabilities: wiki.capabilities,
    list: (options) => wiki.list(options),
    get: (path, options) => wiki.get(path, options),
    getMany: (paths, options) => wiki.getMany(paths, options),
    history: (path, options) => wiki.history(path, options),
    search: (query, options) => wiki.search(query, options),
    put: refuse,
    delete: refuse,
    move: refuse,
    ...(wiki.uploadAsset === undefined ? {} : { uploadAsset: refuse }),
    ...(wiki.downloadAsset === undefined ? {} : { downloadAsset: (path: string) => wiki.downloadAsset?.(path) ?? refuse() }),
    ...(wiki.listAssets === undefined ? {} : { listAssets: () => (wiki.listAssets as NonNullable<Wiki['listAssets']>).call(wiki) }),
    close: () => wiki.close(),
  };
}

export async function createWiki(target: ResolvedTarget, transport: TransportOptions): Promise<Wiki> {
  if (target.kind === 'mediawiki') {
    const wiki = (await createMediaWikiClient(target, transport)).asWiki();
    return isAnonymous(target) ? readOnly(wiki) : wiki;
  }
  return (await createWikiJsClient(target, transport)).asWiki();
}
