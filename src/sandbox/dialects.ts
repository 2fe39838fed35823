import type { DialectFactory } from './dialect-app.js';

export type { DialectApp, DialectFactory, DialectInit } from './dialect-app.js';

const registry = new Map<number, () => Promise<DialectFactory>>([
  // Lazy: a v2 sandbox never loads v3 code and vice versa.
  [2, async () => {
    (await import('./v2/key-pool.js')).prewarmKey();
    return (await import('./v2/app.js')).createV2App;
  }],
  [3, async () => (await import('./v3/app.js')).createV3App],
]);

/** Lets the v3 dialect register itself (`registerDialect(3, …)`) without editing this file's callers. */
export function registerDialect(version: number, load: () => Promise<DialectFactory>): void {
  registry.set(version, load);
}

export async function loadDialect(version: number): Promise<DialectFactory | undefined> {
  const load = registry.get(version);
  return load === undefined ? undefined : load();
}
