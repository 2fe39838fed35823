import { PassThrough } from 'node:stream';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { CliContext } from '../../src/cli/context.js';
import type { CliIO } from '../../src/cli/io.js';
import { createProgress } from '../../src/cli/progress.js';
import { run } from './capture.js';

function io(tty: CliIO['isTTY']): { io: CliIO; err: () => string } {
  let stderr = '';
  const stdin = new PassThrough();
  stdin.end();
  return {
    // cli-progress draws only on a stream that says it is a terminal, as process.stderr does.
    io: { stdout: { write: () => true }, stderr: Object.assign({ write: (c: string) => (stderr += c) }, { isTTY: true, columns: 120 }), stdin, env: {}, cwd: process.cwd(), isTTY: tty },
    err: () => stderr,
  };
}

describe('progress bar', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('appears only after the delay, on stderr, with count, rate and ETA', () => {
    vi.useFakeTimers();
    let clock = 0;
    const { io: sink, err } = io(true);
    const bar = createProgress(sink, { label: 'pushing', total: 10, enabled: true, now: () => clock });
    bar.tick(2);
    expect(err()).toBe('');
    clock = 1000;
    vi.advanceTimersByTime(1000);
    bar.tick(3);
    bar.stop();
    expect(err()).toMatch(/pushing \[.*\] 5\/10 \| 5\.0\/s \| ETA/);
    expect(bar.done).toBe(5);
  });

  it('a job that ends within the delay prints nothing', () => {
    vi.useFakeTimers();
    const { io: sink, err } = io(true);
    const bar = createProgress(sink, { label: 'quick', total: 3, enabled: true });
    bar.tick(3);
    bar.stop();
    vi.advanceTimersByTime(5000);
    expect(err()).toBe('');
  });

  it.each([
    ['not a terminal', false, []],
    ['--quiet', true, ['--quiet']],
    ['--json', true, ['--json']],
  ] as const)('is off when %s', (_name, tty, flags) => {
    vi.useFakeTimers();
    const { io: sink, err } = io(tty);
    const ctx = new CliContext(sink, () => ({ json: flags.includes('--json' as never), quiet: flags.includes('--quiet' as never), verbose: false }));
    const bar = ctx.progress('work', 100);
    vi.advanceTimersByTime(5000);
    bar.tick(50);
    bar.stop();
    expect(err()).toBe('');
  });

  it('is on for a terminal without --quiet/--json', () => {
    vi.useFakeTimers();
    const { io: sink, err } = io({ stdout: false, stderr: true, stdin: false });
    const bar = new CliContext(sink).progress('work', 100);
    vi.advanceTimersByTime(1500);
    bar.tick(50);
    bar.stop();
    expect(err()).toContain('50/100');
  });
});

describe('wikikit sandbox on a terminal', () => {
  it('prints the key and admin login to the terminal that started it, and stops when interrupted', async () => {
    const controller = new AbortController();
    const result = await run(['sandbox', '--port', '0', '--token', 'terminal-token'], {
      tty: true,
      signal: controller.signal,
      onStdout: (chunk) => {
        if (chunk.includes('Admin login')) controller.abort();
      },
    });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('API key (full access): terminal-token');
    expect(result.stdout).toMatch(/Admin login: admin@example\.com \/ \S+/);
    expect(result.stderr).toContain('Sandbox stopped.');
  });
});
