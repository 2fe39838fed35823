import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { bulkTimeout, fixtureSize, wikiJsTarget, type WikiJsTarget } from '../helpers/wikijs-target.js';
import { assertBuilt, ndjson, wikikit } from './bin.js';

let target: WikiJsTarget;
let env: Record<string, string>;
let root: string;
const run = Date.now().toString(36);

beforeAll(async () => {
  assertBuilt();
  target = await wikiJsTarget();
  env = { WIKIKIT_URL: target.url, WIKIKIT_TOKEN: target.token };
  root = await mkdtemp(join(tmpdir(), 'wikikit-e2e-jobs-'));
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
  await target.close();
});

async function put(path: string, body: string, e = env, extra: string[] = []): Promise<void> {
  const result = await wikikit(['pages', 'put', path, '-', ...extra], e, { stdin: body });
  expect(result.code, result.stderr).toBe(0);
}

/** Page checksums from an export manifest, keyed by path. */
async function manifestSums(dir: string): Promise<Record<string, string>> {
  const manifest = JSON.parse(await readFile(join(dir, 'manifest.json'), 'utf8')) as { pages: { path: string; sha256: string }[] };
  return Object.fromEntries(manifest.pages.map((p) => [p.path, p.sha256]));
}

describe('export → import → export (built binary)', () => {
  it('round-trips pages with identical content and checksums', async () => {
    const prefix = `e2e-${run}/backup`;
    await put(`${prefix}/one`, '# One\n\nfirst page\n', env, ['--title', 'One', '--tag', 'alpha,beta']);
    await put(`${prefix}/two/deep`, '# Deep\n\n| a | b |\n| - | - |\n| 1 | 2 |\n', env, ['--title', 'Deep']);
    await put(`${prefix}/three`, '# Three ünïcödé ✓\n', env, ['--title', 'Three']);

    const first = join(root, 'first');
    const exported = await wikikit(['export', first, '--prefix', prefix, '--json'], env);
    expect(exported.code, exported.stderr).toBe(0);
    expect(ndjson(exported.stdout).find((e) => e['type'] === 'summary')).toMatchObject({ pages: 3, failed: 0 });

    // Restore into a fresh, empty wiki.
    const fresh: Sandbox = await startSandbox({ port: 0, quiet: true });
    try {
      const freshEnv = { WIKIKIT_URL: fresh.url, WIKIKIT_TOKEN: fresh.token };
      const dry = await wikikit(['import', first, '--dry-run'], freshEnv);
      expect(dry.code, dry.stderr).toBe(0);
      expect((await wikikit(['pages', 'ls', '--json'], freshEnv)).stdout).toBe('');

      const imported = await wikikit(['import', first, '--json'], freshEnv);
      expect(imported.code, imported.stderr).toBe(0);
      expect(ndjson(imported.stdout).find((e) => e['type'] === 'summary')).toMatchObject({ created: 3, failed: 0 });

      const second = join(root, 'second.tar.gz');
      const reexported = await wikikit(['export', second, '--prefix', prefix], freshEnv);
      expect(reexported.code, reexported.stderr).toBe(0);
      const unpacked = join(root, 'second');
      const { x } = await import('tar');
      await mkdir(unpacked);
      await x({ file: second, cwd: unpacked });
      expect(await manifestSums(unpacked)).toEqual(await manifestSums(first));
      // Importing again is a no-op (resumable): nothing created, nothing failed.
      const again = await wikikit(['import', first, '--json'], freshEnv);
      expect(ndjson(again.stdout).find((e) => e['type'] === 'summary')).toMatchObject({ created: 0, unchanged: 3, failed: 0 });
    } finally {
      await fresh.close();
    }
  }, bulkTimeout(120_000, 300_000));
});

describe('replace across 100 pages (built binary)', () => {
  it('previews every diff, refuses without --yes off a terminal, then changes exactly the matching pages', async () => {
    const prefix = `e2e-${run}/replace`;
    // 100 pages mention the old name (created in one sync); one page elsewhere too (must stay untouched).
    // A real Wiki.js gets 12: every create and every update costs it 1-15 s of worker processes (see fixtureSize).
    const total = fixtureSize(target, 100, 12);
    const dir = join(root, 'replace-src');
    await mkdir(dir);
    for (let i = 0; i < total; i++) {
      await writeFile(join(dir, `p${String(i).padStart(3, '0')}.md`), `---\ntitle: Page ${i}\n---\n\n# Page ${i}\n\nWe use Wikijs for docs.\nWikijs rocks.\n`);
    }
    const seeded = await wikikit(['sync', 'push', dir, '--prefix', prefix], env);
    expect(seeded.code, seeded.stderr).toBe(0);
    await put(`e2e-${run}/elsewhere`, 'Wikijs outside the prefix\n');

    const dry = await wikikit(['replace', 'Wikijs', 'Wiki.js', '--path-prefix', prefix, '--dry-run', '--json'], env);
    expect(dry.code, dry.stderr).toBe(0);
    const changes = ndjson(dry.stdout).filter((e) => e['type'] === 'change');
    expect(changes).toHaveLength(total);
    expect(String(changes[0]?.['diff'])).toContain('+We use Wiki.js for docs.');

    const refused = await wikikit(['replace', 'Wikijs', 'Wiki.js', '--path-prefix', prefix], env);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain('--yes');

    const done = await wikikit(['replace', 'Wikijs', 'Wiki.js', '--path-prefix', prefix, '--yes', '--json'], env);
    expect(done.code, done.stderr).toBe(0);
    expect(ndjson(done.stdout).find((e) => e['type'] === 'replace')).toEqual({ type: 'replace', matched: total, changed: total, skipped: 0, failed: 0 });

    const grep = await wikikit(['grep', 'Wikijs', '--path-prefix', prefix], env);
    expect(grep.code).toBe(1); // no match left, like grep
    const stillThere = await wikikit(['grep', 'Wikijs', '-l', '--json'], env);
    expect(ndjson(stillThere.stdout).map((e) => e['path'])).toContain(`e2e-${run}/elsewhere`);

    const again = await wikikit(['replace', 'Wikijs', 'Wiki.js', '--path-prefix', prefix, '--yes'], env);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain('no page matches');
  }, bulkTimeout(180_000, 420_000));
});
