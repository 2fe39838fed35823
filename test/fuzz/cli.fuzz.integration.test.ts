/**
 * CLI argument parsing: `main(argv, io)` on random argv built from the real commands, options and
 * awkward values never ends in exit 70 (internal error) and never throws. Every command that
 * reaches a wiki talks to an in-process sandbox; files go to a temporary folder.
 * `sandbox` and `quickstart` are left out: they serve until Ctrl-C.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { run } from '../cli/capture.js';
import { fuzz } from './settings.js';

const COMMANDS: string[][] = [
  ['pages', 'ls'], ['pages', 'get'], ['pages', 'put'], ['pages', 'rm'], ['pages', 'mv'], ['pages', 'history'], ['pages', 'search'], ['pages'],
  ['grep'], ['tags'], ['assets', 'ls'], ['assets', 'upload'], ['assets', 'download'], ['users', 'ls'], ['users', 'create'],
  ['sync', 'push'], ['sync', 'pull'], ['sync', 'status'], ['sync'], ['apply'], ['export'], ['import'], ['replace'], ['migrate'], ['doctor'],
  ['config', 'add'], ['config', 'list'], ['config', 'use'], ['config', 'remove'], ['help'], [],
];
const OPTIONS = ['--json', '--dry-run', '--verbose', '-v', '-q', '--yes', '-y', '--help', '--force', '--delete', '--regex', '--with-assets', '--with-files', '--all', '--published', '--no-published', '--private', '--', '-', '--version',
  '--prefix', '--concurrency', '--timeout', '--locale', '--tag', '--plan', '--to', '--from', '--limit', '--title', '--path-prefix', '--resolve', '--batch-size', '--expect-revision', '--summary', '--mapping', '--namespace', '--folder', '--profile', '--token-file', '--url', '--unknown-flag', '-Z'];
const VALUES = ['docs', 'docs/a', 'fuzz/page', 'out', 'out.tar.gz', 'plan.json', 'file.md', 'a b', 'é/ü', '%2e%2e', '.', '0', '-1', '3', '1e9', 'NaN', '', ' ', '(', '[a-', '.*', '$1', 'http://', 'not a url', 'en', 'xx-yy', '\u{1F600}', 'missing-profile', 'x'.repeat(300)];
const word = fc.oneof({ weight: 3, arbitrary: fc.constantFrom(...OPTIONS) }, { weight: 3, arbitrary: fc.constantFrom(...VALUES) }, { weight: 1, arbitrary: fc.string({ maxLength: 8 }) });
const argv = fc.tuple(fc.constantFrom(...COMMANDS), fc.array(word, { maxLength: 6 }), fc.array(fc.constantFrom('--json', '--verbose', '-q'), { maxLength: 2 })).map(([command, rest, globals]) => [...globals, ...command, ...rest]);

describe('fuzz: CLI argument parsing', () => {
  let sandbox: Sandbox;
  let dir: string;
  let env: Record<string, string>;

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true });
    dir = await mkdtemp(join(tmpdir(), 'wikikit-fuzz-cli-'));
    await writeFile(join(dir, 'file.md'), '---\ntitle: F\n---\n\nbody\n');
    await writeFile(join(dir, 'plan.json'), '{"version":1}');
    env = { HOME: dir, WIKIKIT_CONFIG: join(dir, 'config.json'), WIKIKIT_URL: sandbox.url, WIKIKIT_TOKEN: sandbox.token, NO_COLOR: '1' };
  });
  afterAll(async () => {
    await sandbox.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('never exits 70 and never throws', async () => {
    const codes = new Set<number>();
    await fc.assert(
      fc.asyncProperty(argv, async (args) => {
        const result = await run(args, { env, cwd: dir });
        codes.add(result.code);
        expect(result.code, `wikikit ${args.map((a) => JSON.stringify(a)).join(' ')}\n${result.stderr}${result.stdout}`).not.toBe(70);
        expect([0, 1, 2, 3, 4, 5]).toContain(result.code);
        if (args.includes('--json')) {
          for (const line of result.stdout.split('\n').filter((l) => l.trim() !== '' && l.startsWith('{'))) expect(() => JSON.parse(line) as unknown).not.toThrow();
        }
      }),
      fuzz(120, { timeout: 15_000 }),
    );
    // The argv reach real work (0), refusals (1) and usage errors (2), not only the parser.
    expect([...codes]).toEqual(expect.arrayContaining([0, 1, 2]));
  }, 120_000);
});
