import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { main, type CliIO } from '../../src/cli/main.js';

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  env?: Record<string, string | undefined>;
  tty?: CliIO['isTTY'];
  stdin?: string;
  cwd?: string;
  wikiFactory?: CliIO['wikiFactory'];
  signal?: AbortSignal;
  /** Called with each chunk written to stdout (to react to a long-running command). */
  onStdout?: (chunk: string) => void;
}

/** Runs the CLI in-process with captured output. */
export async function run(argv: string[], options: RunOptions = {}): Promise<RunResult> {
  let stdout = '';
  let stderr = '';
  const stdin = new PassThrough();
  if (options.stdin !== undefined) stdin.end(options.stdin);
  else stdin.end();
  const io: CliIO = {
    stdout: {
      write: (chunk: string) => {
        stdout += chunk;
        options.onStdout?.(chunk);
        return true;
      },
    },
    stderr: { write: (chunk: string) => (stderr += chunk) },
    stdin,
    env: { HOME: '/nonexistent-home', ...options.env },
    cwd: options.cwd ?? process.cwd(),
    isTTY: options.tty ?? false,
    ...(options.wikiFactory === undefined ? {} : { wikiFactory: options.wikiFactory }),
    ...(options.signal === undefined ? {} : { signal: options.signal }),
  };
  const code = await main(argv, io);
  return { code, stdout, stderr };
}

export async function tempDir(): Promise<{ path: string; [Symbol.asyncDispose](): Promise<void> }> {
  const path = await mkdtemp(join(tmpdir(), 'wikikit-cli-'));
  return { path, [Symbol.asyncDispose]: () => rm(path, { recursive: true, force: true }) };
}

/** Every line of stdout parses as JSON (NDJSON). */
export function ndjson(stdout: string): Record<string, unknown>[] {
  return stdout
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}
