import { mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { replaceFileAtomic, writeFileAtomic } from '../../src/ops/files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wikikit-atomic-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the one atomic write', () => {
  it('replaces the file whole, creating folders, with the mode asked for', async () => {
    const file = join(dir, 'a/b/secret.json');
    await writeFileAtomic(file, 'one', { mode: 0o600, dirMode: 0o700 });
    await writeFileAtomic(file, 'two', { mode: 0o600 });
    expect(await readFile(file, 'utf8')).toBe('two');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'a'))).mode & 0o777).toBe(0o700);
    expect(await readdir(join(dir, 'a/b'))).toEqual(['secret.json']);
  });

  it('a writer that fails half-way leaves the old file and no temp file', async () => {
    const file = join(dir, 'archive.tar.gz');
    await writeFile(file, 'old');
    const failing = replaceFileAtomic(file, async (temp) => {
      await writeFile(temp, 'half of the new');
      throw new Error('disk full');
    });
    await expect(failing).rejects.toThrow('disk full');
    expect(await readFile(file, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['archive.tar.gz']);
  });
});
