/**
 * Licence boundary: wikiparser-node (GPL-3.0-or-later) must load only when wikitext is converted,
 * never by importing the package (MIT) root.
 */
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';

const loadedParserModules = (): string[] =>
  Object.keys(createRequire(import.meta.url).cache).filter((path) => path.includes('/wikiparser-node/'));

describe('wikiparser-node is loaded lazily', () => {
  it('importing the package root does not load it; converting does', async () => {
    const root = await import('../../src/index.js');
    expect(loadedParserModules()).toEqual([]);
    const result = root.convertWikitext("'''bold'''", { title: 'X', resolvePage: (t) => ({ path: `/${t}`, exists: true }), resolveFile: (t) => ({ path: `/${t}`, exists: true }) });
    expect(result.markdown.trim()).toBe('**bold**');
    expect(loadedParserModules().length).toBeGreaterThan(0);
  }, 60_000);
});
