// Issue 15 items 7 and 8: the sandbox's start-up refuses bad options with a usage error (exit 2)
// at once, and a sandbox whose stdout is not a terminal (the CI way: backgrounded, piped to a
// log) is still usable: it prints its API key, or writes it to --token-file, 0600.
import type { ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { assertBuilt, ndjson, spawnBin, wikikit, type BinResult } from './bin.js';

let root: string;
beforeAll(async () => {
  assertBuilt();
  root = await mkdtemp(join(tmpdir(), 'wikikit-e2e-sandbox-start-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

/** Runs the sandbox and kills it if it has not exited after `ms` (the old /proc case spun forever). */
async function sandboxExit(argv: string[], ms = 15_000): Promise<BinResult & { killed: boolean }> {
  const { child, done } = spawnBin(['sandbox', ...argv], {});
  let killed = false;
  const timer = setTimeout(() => {
    killed = true;
    child.kill('SIGKILL');
  }, ms);
  const result = await done;
  clearTimeout(timer);
  return { ...result, killed };
}

function expectUsageError(result: BinResult & { killed: boolean }, mentions: RegExp): void {
  expect(result.killed, 'the sandbox did not exit by itself').toBe(false);
  expect(result.code, result.stderr).toBe(2);
  expect(result.stderr).toMatch(mentions);
  // A usage error, not a crash: no stack trace, no "please report".
  expect(result.stderr).not.toMatch(/\n\s+at |This is a bug/);
}

/** Waits until `text()` matches `pattern` (or the child exits). */
async function waitFor(child: ChildProcess, text: () => string, pattern: RegExp): Promise<RegExpExecArray> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const m = pattern.exec(text());
    if (m) return m;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`no ${String(pattern)} in: ${text()}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

describe('wikikit sandbox start-up validation (exit 2, no stack trace)', () => {
  it('--port 99999 is a usage error', async () => {
    expectUsageError(await sandboxExit(['--port', '99999']), /port/i);
  }, 30_000);

  it('--data pointing at a file is a usage error, and --reset does not delete that file', async () => {
    const file = join(root, 'not-a-folder');
    await writeFile(file, 'keep me');
    expectUsageError(await sandboxExit(['--port', '0', '--data', file]), /is a file, not a folder/);
    expectUsageError(await sandboxExit(['--port', '0', '--data', file, '--reset']), /is a file, not a folder/);
    expect(await readFile(file, 'utf8')).toBe('keep me');
    expectUsageError(await sandboxExit(['--port', '0', '--data', join(file, 'sub')]), /not-a-folder/);
  }, 60_000);

  it('--data under /proc (cannot be created) is a usage error instead of a CPU spin', async () => {
    expectUsageError(await sandboxExit(['--port', '0', '--data', '/proc/nope']), /cannot create \/proc\/nope/);
  }, 30_000);

  it('Ctrl-C during start-up stops it: no hang, no server left running', async () => {
    for (const delay of [100, 400, 800]) {
      const { child, done } = spawnBin(['sandbox', '--port', '0', '--data', join(root, `start-${delay}`)], {});
      await new Promise((r) => setTimeout(r, delay));
      child.kill('SIGINT');
      const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
      const result = await done;
      clearTimeout(timer);
      // Either Node's default (before the CLI listens for signals) or the CLI's clean stop.
      expect(result.signal === 'SIGINT' || result.code === 0, `delay ${delay}: ${JSON.stringify(result)}`).toBe(true);
    }
  }, 90_000);
});

describe('wikikit sandbox with stdout not a terminal', () => {
  it('prints the API key (it works), says so, and keeps the admin password out of the log', async () => {
    const { child, done } = spawnBin(['sandbox', '--port', '0'], {});
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: string) => (stdout += d));
    child.stderr?.on('data', (d: string) => (stderr += d));
    const url = (await waitFor(child, () => stdout, /listening on (http:\/\/\S+)/))[1] ?? '';
    const token = (await waitFor(child, () => stdout, /API key \(full access\): (\S+)\n/))[1] ?? '';
    await waitFor(child, () => stderr, /Admin password not shown/);
    const ls = await wikikit(['pages', 'ls', '--json'], { WIKIKIT_URL: url, WIKIKIT_TOKEN: token });
    expect(ls.code, ls.stderr).toBe(0);
    child.kill('SIGINT');
    const result = await done;
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/Admin login|adminPassword/);
  }, 60_000);

  it('--token-file FILE writes the key there (mode 0600), says so, and does not print it', async () => {
    const keyFile = join(root, 'sandbox.key');
    const { child, done } = spawnBin(['sandbox', '--port', '0', '--token-file', keyFile, '--json'], {});
    let stdout = '';
    let stderr = '';
    child.stdout?.on('data', (d: string) => (stdout += d));
    child.stderr?.on('data', (d: string) => (stderr += d));
    await waitFor(child, () => stdout, /\n/);
    await waitFor(child, () => stderr, /API key written to/);
    const event = ndjson(stdout)[0] ?? {};
    expect(event).toMatchObject({ type: 'sandbox', tokenFile: keyFile });
    expect(event).not.toHaveProperty('token');
    expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
    const key = (await readFile(keyFile, 'utf8')).trim();
    expect(key.length).toBeGreaterThan(10);
    expect(stdout).not.toContain(key);
    expect(stderr).not.toContain(key);
    const ls = await wikikit(['--token-file', keyFile, 'pages', 'ls'], { WIKIKIT_URL: String(event['url']) });
    expect(ls.code, ls.stderr).toBe(0);
    child.kill('SIGINT');
    expect((await done).code).toBe(0);
  }, 60_000);
});
