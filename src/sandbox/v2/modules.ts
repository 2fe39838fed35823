import { readFileSync } from 'node:fs';

/**
 * The module lists a fresh Wiki.js 2.5.314 serves (authentication strategies, search engines,
 * comment providers, storage targets), as recorded from its GraphQL API into
 * `schemas/wikijs-v2-modules.json`, in the order it serves them. Read once, on first use.
 * @internal
 */
export interface ModuleLists {
  authStrategies: Array<Record<string, unknown> & { key: string }>;
  searchEngines: Array<Record<string, unknown> & { key: string }>;
  commentProviders: Array<Record<string, unknown> & { key: string }>;
  storageTargets: Array<Record<string, unknown> & { key: string }>;
}

let cached: ModuleLists | undefined;

export function moduleLists(): ModuleLists {
  cached ??= JSON.parse(readFileSync(new URL('../../../schemas/wikijs-v2-modules.json', import.meta.url), 'utf8')) as ModuleLists;
  return cached;
}
