/**
 * Secret canaries on the MediaWiki side: the bot password (the real one, and a refused canary
 * one), the session cookies MediaWiki sets and a canary cookie the proxy plants, through every
 * command that works on a MediaWiki with `--verbose` and `--json`, under injected faults
 * (maxlag / readonly / ratelimited included), and `migrate` into a sandbox. stdout, stderr and
 * every file written are searched: found 0 times.
 */
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { run } from '../cli/capture.js';
import { mediaWikiEnv } from '../helpers/mediawiki-env.js';
import { solidPng } from '../helpers/png.js';
import { makeCanaries, scanDir, scanText, type Finding } from '../tools/canary.js';
import { startFaultProxy, type FaultProxy } from '../tools/fault-proxy.js';
import { runId } from './harness.js';

const mw = mediaWikiEnv();
const canaries = makeCanaries('mw');

describe.skipIf(!mw)('secret canaries through the MediaWiki commands, with faults', () => {
  const e = mw!;
  const base = `Wikikit canary ${runId()}`;
  let proxy: FaultProxy;
  let sandbox: Sandbox;
  let work: string;
  const outputs: { argv: string[]; code: number; text: string }[] = [];

  beforeAll(async () => {
    proxy = await startFaultProxy({ upstream: new URL(e.apiUrl).origin, seed: 99, rate: 0.12, retryAfterSeconds: 0, slowMs: 1500, setCookie: canaries.setCookie });
    sandbox = await startSandbox({ port: 0, quiet: true, token: canaries.token });
    work = await mkdtemp(join(tmpdir(), 'wikikit-canary-mw-'));
    await writeFile(join(work, 'a.wiki'), "Body of '''a''' with [[Category:Wikikit canary]]\n");
    await writeFile(join(work, 'img.png'), solidPng(Date.now() % 256, 7, 9));
    await mkdir(join(work, 'docs'));
    for (let i = 0; i < 3; i++) await writeFile(join(work, 'docs', `P${i}.wiki`), `Page ${i} body\n`);
  });
  afterAll(async () => {
    await proxy.close();
    await sandbox.close();
    await rm(work, { recursive: true, force: true });
  });

  it('are found 0 times', async () => {
    const url = proxy.via(e.apiUrl);
    const commands: string[][] = [
      ['pages', 'put', `${base}/A`, 'a.wiki'],
      ['pages', 'get', `${base}/A`],
      ['pages', 'ls', '--prefix', base],
      ['pages', 'history', `${base}/A`],
      ['pages', 'search', 'canary'],
      ['pages', 'mv', `${base}/A`, `${base}/B`],
      ['grep', 'Body', '--prefix', base],
      ['tags', 'ls'],
      ['assets', 'upload', 'img.png'],
      ['assets', 'ls'],
      ['sync', 'push', 'docs', '--prefix', `${base}/Sync`],
      ['sync', 'status', 'docs', '--prefix', `${base}/Sync`],
      ['sync', 'pull', 'pulled', '--prefix', `${base}/Sync`],
      ['export', 'out', '--prefix', base],
      ['replace', 'body', 'BODY', '--path-prefix', base, '--yes'],
      ['doctor'],
      ['migrate', '--from', url, '--to', sandbox.url, '--title', `${base}/B`, '--mapping', 'map.json'],
      ['pages', 'rm', `${base}/B`, '--yes'],
    ];
    const env = (password: string): Record<string, string> => ({ HOME: work, WIKIKIT_CONFIG: join(work, 'config.json'), WIKIKIT_URL: url, WIKIKIT_USERNAME: e.username, WIKIKIT_PASSWORD: password, WIKIKIT_TOKEN: canaries.token, NO_COLOR: '1' });
    for (const mode of [['--verbose', '--json'], ['--verbose']]) {
      for (const argv of commands) {
        const result = await run([...mode, '--timeout', '1', ...argv], { env: env(e.password), cwd: work });
        outputs.push({ argv: [...mode, ...argv], code: result.code, text: result.stdout + result.stderr });
      }
      // A refused bot password: the auth error paths.
      for (const argv of [['doctor'], ['pages', 'put', `${base}/Refused`, 'a.wiki']]) {
        const result = await run([...mode, ...argv], { env: env(canaries.password), cwd: work });
        outputs.push({ argv: [...mode, ...argv], code: result.code, text: result.stdout + result.stderr });
      }
    }
    const secrets = [...canaries.all, e.password, ...proxy.stats().upstreamCookies];
    const findings: Finding[] = outputs.flatMap((o) => scanText(`wikikit ${o.argv.join(' ')}`, o.text, secrets));
    const files = await scanDir(work, secrets);
    findings.push(...files.findings);
    const stats = proxy.stats();
    const codes = outputs.reduce<Record<number, number>>((acc, o) => ({ ...acc, [o.code]: (acc[o.code] ?? 0) + 1 }), {});
    console.log(`canary (MediaWiki): ${outputs.length} command runs (exit codes ${JSON.stringify(codes)}), ${stats.requests} requests, ${stats.faults} faults injected ${JSON.stringify(stats.injected)}, ${stats.upstreamCookies.length} session cookies watched, ${files.files} files scanned, found ${findings.length} times`);
    expect(findings).toEqual([]);
    expect(codes[0] ?? 0).toBeGreaterThan(15);
    expect(outputs.some((o) => o.code === 4)).toBe(true);
    expect(stats.upstreamCookies.length).toBeGreaterThan(0);
    expect(stats.faults).toBeGreaterThan(5);
  }, 600_000);
});
