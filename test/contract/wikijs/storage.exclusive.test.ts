/**
 * Storage targets, alone on the wiki: project `contract-exclusive` runs after every other contract
 * file has finished (vitest.config.ts, `sequence.groupOrder`). An enabled target takes part in
 * every page write on the server, and a real 2.5.314 moves a page in its database before telling
 * the targets: while the disk target below is enabled, a concurrent move of a page the target has
 * not written yet fails with ENOENT although the page did move (seen in CI on the `wikikit mv`
 * e2e test). So this file must not share the wiki with the rest of the suite.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { useWiki } from './context.js';

describe('storage targets of Wiki.js 2 (run alone)', () => {
  const wiki = useWiki('storage', 2);

  it('storage targets are written back unchanged; a storage action needs an enabled target', async () => {
    const targets = await wiki.client.storage.targets();
    const disk = targets.find((t) => t.key === 'disk');
    expect(disk).toMatchObject({ isEnabled: false });
    await expect(wiki.client.storage.executeAction('disk', 'dump')).rejects.toMatchObject({ message: expect.stringContaining('Invalid or Inactive Storage Target') });
    const path = join(tmpdir(), `wikikit-contract-disk-${wiki.unique('d')}`);
    await wiki.client.storage.updateTargets([{ key: 'disk', isEnabled: true, mode: 'push', config: { path, createDailyBackups: false } }]);
    try {
      await wiki.client.storage.executeAction('disk', 'dump');
    } finally {
      await wiki.client.storage.updateTargets([{ key: 'disk', isEnabled: false }]);
    }
    expect((await wiki.client.storage.targets()).find((t) => t.key === 'disk')).toMatchObject({ isEnabled: false });
  });
});
