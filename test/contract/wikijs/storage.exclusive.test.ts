/**
 * Storage targets, alone on the wiki: project `contract-exclusive` runs after every other contract
 * file has finished (vitest.config.ts, `sequence.groupOrder`). An enabled target takes part in
 * every page write on the server, and a real 2.5.314 moves a page in its database before telling
 * the targets: while the disk target below is enabled, a concurrent move of a page the target has
 * not written yet fails with ENOENT although the page did move (seen in CI on the `wikikit mv`
 * e2e test). So this file must not share the wiki with the rest of the suite.
 */
import { mkdir, rm } from 'node:fs/promises';
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

  it('a move and a delete the storage target fails on (its file is gone) are reported as done: they were', async () => {
    // On 2.5.314 the server answers both `succeeded: false` ("ENOENT …", code 1) after saving them;
    // the client re-reads and reports what happened. The sandbox has no storage to fail.
    const path = join(tmpdir(), `wikikit-contract-disk-${wiki.unique('m')}`);
    await wiki.client.storage.updateTargets([{ key: 'disk', isEnabled: true, mode: 'push', config: { path, createDailyBackups: false } }]);
    let id: number | string | undefined;
    try {
      const page = await wiki.client.pages.create({ path: `${wiki.prefix}/stored`, title: 'Stored', content: '# Stored on disk' });
      id = page.id;
      await rm(path, { recursive: true, force: true });
      await mkdir(path, { recursive: true });
      await wiki.client.pages.move(page.id, { path: `${wiki.prefix}/moved` });
      expect((await wiki.client.pages.get(page.id)).path).toBe(`${wiki.prefix}/moved`);
      await wiki.client.pages.delete(page.id);
    } finally {
      await wiki.client.storage.updateTargets([{ key: 'disk', isEnabled: false }]);
      await rm(path, { recursive: true, force: true });
    }
    await expect(wiki.client.pages.get(id)).rejects.toMatchObject({ name: 'NotFoundError' });
  });
});
