/**
 * Secret canaries: a canary API key, a canary password and a canary cookie go through every
 * Wiki.js command of the CLI with `--verbose` and `--json` (and without `--json`), through a
 * fault proxy that breaks a share of the requests (so the error paths run too: resets, 5xx,
 * throttles, truncated answers, timeouts), plus refused credentials. Then stdout, stderr and every
 * file the commands wrote (exports, archives, plans, sync state, downloads) are searched: the
 * canaries must be found 0 times. The MediaWiki side (bot password, session cookie) is in
 * secrets.mediawiki.test.ts.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { run } from '../cli/capture.js';
import { solidPng } from '../helpers/png.js';
import { makeCanaries, scanDir, scanText, type Finding } from '../tools/canary.js';
import { startFaultProxy, type FaultProxy } from '../tools/fault-proxy.js';

const canaries = makeCanaries('wj');

/** The commands, in an order where each finds what the previous ones made. */
const COMMANDS: string[][] = [
  ['pages', 'put', 'canary/a', 'a.md'],
  ['pages', 'put', 'canary/b', '-', '--title', 'B', '--tag', 'canary'],
  ['pages', 'ls', '--prefix', 'canary'],
  ['pages', 'get', 'canary/a'],
  ['pages', 'history', 'canary/a'],
  ['pages', 'search', 'canary'],
  ['pages', 'mv', 'canary/b', 'canary/c'],
  ['pages', 'rm', 'canary/c', '--yes'],
  ['grep', 'body', '--prefix', 'canary'],
  ['tags', 'ls'],
  ['assets', 'upload', 'img.png', '--folder', 'canary'],
  ['assets', 'ls'],
  ['assets', 'download', '/canary/img.png', '-o', 'got.png'],
  ['users', 'ls'],
  ['users', 'create', 'canary@example.com', '--name', 'Canary', '--password-file', 'pw.txt'],
  ['sync', 'push', 'docs', '--prefix', 'canary/sync'],
  ['sync', 'status', 'docs', '--prefix', 'canary/sync'],
  ['sync', 'pull', 'pulled', '--prefix', 'canary/sync'],
  ['sync', 'push', 'docs', '--prefix', 'canary/sync2', '--plan', 'plan.json'],
  ['apply', 'plan.json'],
  ['export', 'out', '--with-assets', '--with-history'],
  ['export', 'out.tar.gz'],
  ['import', 'out', '--dry-run'],
  ['replace', 'body', 'BODY', '--path-prefix', 'canary', '--yes'],
  ['doctor'],
  ['config', 'add', 'prof', '--url', '{proxy}', '--token-file', 'tok.txt'],
  ['config', 'list'],
  ['config', 'use', 'prof'],
  ['config', 'remove', 'prof'],
];

describe('secret canaries through every Wiki.js command, with faults', () => {
  let sandbox: Sandbox;
  let proxy: FaultProxy;
  let work: string;
  const outputs: { argv: string[]; code: number; text: string }[] = [];

  beforeAll(async () => {
    sandbox = await startSandbox({ port: 0, quiet: true, token: canaries.token });
    proxy = await startFaultProxy({ upstream: sandbox.url, seed: 1717, rate: 0.12, retryAfterSeconds: 0, slowMs: 1200, setCookie: canaries.setCookie });
    work = await mkdtemp(join(tmpdir(), 'wikikit-canary-'));
    await writeFile(join(work, 'a.md'), '---\ntitle: A\n---\n\nbody of a\n');
    await writeFile(join(work, 'pw.txt'), `${canaries.password}\n`);
    await writeFile(join(work, 'tok.txt'), `${canaries.token}\n`);
    await writeFile(join(work, 'img.png'), solidPng(10, 20, 30));
    await mkdir(join(work, 'docs'));
    for (let i = 0; i < 4; i++) await writeFile(join(work, 'docs', `p${i}.md`), `# Page ${i}\n\nbody ${i}\n`);
  });
  afterAll(async () => {
    await proxy.close();
    await sandbox.close();
    await rm(work, { recursive: true, force: true });
  });

  const env = (token: string): Record<string, string> => ({ HOME: work, WIKIKIT_CONFIG: join(work, 'config.json'), WIKIKIT_URL: proxy.url, WIKIKIT_TOKEN: token, NO_COLOR: '1' });

  async function runAll(token: string, modes: string[][]): Promise<void> {
    for (const mode of modes) {
      for (const argv of COMMANDS) {
        const full = [...mode, '--timeout', '1', ...argv.map((a) => a.replace('{proxy}', proxy.url))];
        const result = await run(full, { env: env(token), cwd: work, stdin: 'body from stdin\n' });
        outputs.push({ argv: full, code: result.code, text: result.stdout + result.stderr });
      }
    }
  }

  it('are found 0 times in any output, error, log or file', async () => {
    await runAll(canaries.token, [['--verbose', '--json'], ['--verbose']]);
    // Refused credentials: the auth error paths print what was refused without the secret.
    const wrong = `${canaries.token}x`;
    for (const argv of [['doctor'], ['pages', 'ls'], ['sync', 'push', 'docs', '--prefix', 'canary/refused'], ['export', 'refused-out']]) {
      for (const mode of [['--verbose', '--json'], ['--verbose']]) {
        const result = await run([...mode, ...argv], { env: env(wrong), cwd: work });
        outputs.push({ argv: [...mode, ...argv], code: result.code, text: result.stdout + result.stderr });
      }
    }

    const findings: Finding[] = outputs.flatMap((o) => scanText(`wikikit ${o.argv.join(' ')}`, o.text, canaries.all));
    // config.json stores the key by design (0600, shown masked); the secret files are our input.
    const files = await scanDir(work, canaries.all, (rel) => rel === 'config.json' || rel === 'pw.txt' || rel === 'tok.txt');
    findings.push(...files.findings);

    const stats = proxy.stats();
    const codes = outputs.reduce<Record<number, number>>((acc, o) => ({ ...acc, [o.code]: (acc[o.code] ?? 0) + 1 }), {});
    console.log(`canary: ${outputs.length} command runs (exit codes ${JSON.stringify(codes)}), ${stats.requests} requests, ${stats.faults} faults injected ${JSON.stringify(stats.injected)}, ${files.files} files scanned, found ${findings.length} times`);
    if (process.env['CANARY_DEBUG']) for (const o of outputs.filter((x) => x.code !== 0)) console.log(o.code, o.argv.join(' '), o.text.slice(0, 300));
    expect(findings).toEqual([]);
    // Not vacuous: the commands worked, some failed under the faults, and the verbose logs ran.
    expect(codes[0] ?? 0).toBeGreaterThan(30);
    expect(outputs.some((o) => o.code !== 0 && o.argv.includes('--json'))).toBe(true);
    expect(outputs.some((o) => o.code === 4)).toBe(true);
    expect(stats.faults).toBeGreaterThan(10);
    expect(outputs.filter((o) => o.argv.includes('--verbose')).every((o) => o.text.length > 0)).toBe(true);
    expect(files.files).toBeGreaterThan(10);
  }, 240_000);
});
