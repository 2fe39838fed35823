/**
 * Shared by the fault runs: sizes (small in tests, full in `npm run bench -- faults`), the
 * figure line every run prints, a seeded random source, and the report file the bench reads.
 */
import { appendFileSync } from 'node:fs';
import type { FaultProxy, FaultStats } from '../tools/fault-proxy.js';

/** `FAULTS_SIZE=full` (the bench) runs the sizes of the issue; tests run small ones. */
export function size(small: number, full: number, real?: number): number {
  if (process.env['FAULTS_SIZE'] === 'full') return full;
  return real !== undefined && process.env['FAULTS_REAL'] === '1' ? real : small;
}

export const SEED = Number(process.env['FAULTS_SEED'] ?? 4242);

/** mulberry32: a tiny seeded PRNG, so a run's operations are the same every time. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface RunFigures {
  readonly run: string;
  readonly target: string;
  readonly operations: number;
  readonly faults: number;
  readonly injected: FaultStats['injected'];
  readonly lost: number;
  readonly duplicated: number;
  readonly stale: number;
  readonly wrongContent: number;
  /** Items the job could not finish, each reported with its path (first pass). */
  readonly failuresReported: number;
  /** Items that failed without being reported (must be 0). */
  readonly failuresUnreported: number;
  /** Exit code of the first pass (CLI jobs), and of the rerun that finished it. */
  readonly exitCode?: number;
  readonly rerunExitCode?: number;
  readonly reruns: number;
  readonly retries: number;
  readonly ms: number;
}

export function formatFigures(f: RunFigures): string {
  const exit = f.exitCode === undefined ? '' : `, exit ${f.exitCode}→${f.rerunExitCode ?? '?'} after ${f.reruns} rerun(s)`;
  const injected = Object.entries(f.injected).map(([k, v]) => `${k} ${v}`).join(', ');
  return `faults ${f.run} [${f.target}]: operations ${f.operations}, faults injected ${f.faults} (${injected}), lost ${f.lost}, duplicated ${f.duplicated}, stale overwrites ${f.stale}, wrong content ${f.wrongContent}, failures reported with their item ${f.failuresReported} (unreported ${f.failuresUnreported})${exit}, retries ${f.retries}, time ${(f.ms / 1000).toFixed(1)} s`;
}

/** Prints the figure line and appends it to $FAULTS_REPORT (NDJSON) for the bench. */
export function publish(f: RunFigures): void {
  console.log(formatFigures(f));
  const file = process.env['FAULTS_REPORT'];
  if (file) appendFileSync(file, `${JSON.stringify(f)}\n`);
}

/** Counts the transport's retry events (pass as `transport.onEvent`). */
export function retryCounter(): { onEvent: (e: { type: string }) => void; count: () => number } {
  let n = 0;
  return {
    onEvent: (e) => {
      if (e.type === 'retry') n++;
    },
    count: () => n,
  };
}

/** Counts retries the CLI logs with --verbose (`http {"type":"retry",…}` lines on stderr). */
export function retriesInLog(stderr: string): number {
  return stderr.split('\n').filter((line) => line.includes('"type":"retry"')).length;
}

export function faultsOf(proxy: FaultProxy): Pick<RunFigures, 'faults' | 'injected'> {
  const s = proxy.stats();
  return { faults: s.faults, injected: s.injected };
}

export function runId(): string {
  return `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`;
}
