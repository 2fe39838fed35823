/**
 * The only CLI module that builds the real clients. Loaded lazily so `wikikit --version` and
 * `--help` never pay for GraphQL or MediaWiki code.
 */
import { UsageError } from '../errors.js';
import type { MediaWikiClient } from '../mediawiki/index.js';
import type { Wiki } from '../model/wiki.js';
import type { TransportOptions } from '../transport/index.js';
import type { WikiJsClient } from '../wikijs/index.js';
import type { ResolvedTarget } from './config.js';

export async function createWikiJsClient(target: ResolvedTarget, transport: TransportOptions): Promise<WikiJsClient> {
  if (target.token === undefined) {
    throw new UsageError(
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

export async function createMediaWikiClient(target: ResolvedTarget, transport: TransportOptions): Promise<MediaWikiClient> {
  if (target.username === undefined || target.password === undefined) {
    throw new UsageError(
      `no bot password for ${target.url}: set WIKIKIT_USERNAME and WIKIKIT_PASSWORD (Special:BotPasswords), or store them with \`wikikit config add\``,
      { field: 'username' },
    );
  }
  const { MediaWikiClient: Client } = await import('../mediawiki/index.js');
  return new Client({ apiUrl: target.url, username: target.username, password: target.password }, { transport });
}

export async function createWiki(target: ResolvedTarget, transport: TransportOptions): Promise<Wiki> {
  if (target.kind === 'mediawiki') return (await createMediaWikiClient(target, transport)).asWiki();
  return (await createWikiJsClient(target, transport)).asWiki();
}
