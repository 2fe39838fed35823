import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { onTestFinished } from 'vitest';

/** The BUILT binary (the test command builds first): what a user actually runs. */
export const BIN = fileURLToPath(new URL('../../dist/bin/wikikit.js', import.meta.url));

export interface BinResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export function assertBuilt(): void {
  if (!existsSync(BIN)) throw new Error(`${BIN} is missing: run \`npm run build\` first (npm test does)`);
}

/** Spawns `node dist/bin/wikikit.js …` with only the env given (plus PATH/HOME basics). */
export function spawnBin(argv: string[], env: Record<string, string>, options: { cwd?: string; stdin?: string } = {}): { child: ChildProcess; done: Promise<BinResult> } {
  const child = spawn(process.execPath, [BIN, ...argv], {
    cwd: options.cwd ?? process.cwd(),
    env: { PATH: process.env['PATH'] ?? '', HOME: '/nonexistent-home', WIKIKIT_CONFIG: '/nonexistent/wikikit.json', ...env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  let stdout = '';
  let stderr = '';
  child.stdout?.setEncoding('utf8').on('data', (d: string) => (stdout += d));
  child.stderr?.setEncoding('utf8').on('data', (d: string) => (stderr += d));
  child.stdin?.end(options.stdin ?? '');
  // A test that fails or times out must not leave its CLI running: against a slow real server a
  // leftover push keeps writing and makes every later test of the file time out too.
  try {
    onTestFinished(() => {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    });
  } catch {
    // called outside a test (a hook): the hook's own timeout covers it
  }
  const done = new Promise<BinResult>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ code, signal, stdout, stderr }));
  });
  return { child, done };
}

export function wikikit(argv: string[], env: Record<string, string>, options: { cwd?: string; stdin?: string } = {}): Promise<BinResult> {
  return spawnBin(argv, env, options).done;
}

export function ndjson(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

/** Writes `files` (relative path → text) under `root/name` and returns that folder. */
export async function writeTree(root: string, name: string, files: Record<string, string>): Promise<string> {
  const dir = join(root, name);
  for (const [file, text] of Object.entries(files)) {
    await mkdir(join(dir, file, '..'), { recursive: true });
    await writeFile(join(dir, file), text);
  }
  return dir;
}

/** A page's content read through the CLI (`pages get --json`); undefined when it does not exist. */
export async function pageContent(path: string, env: Record<string, string>): Promise<string | undefined> {
  const result = await wikikit(['pages', 'get', path, '--json'], env);
  if (result.code === 1) return undefined;
  if (result.code !== 0) throw new Error(`wikikit pages get ${path} exited ${result.code}: ${result.stderr}`);
  return ndjson(result.stdout)[0]?.['content'] as string;
}
