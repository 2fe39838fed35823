import { describe, expect, it } from 'vitest';
import { runBatch, throwIfFailed } from '../../src/ops/run-batch.js';

describe('runBatch', () => {
  it('keeps every failure, never stops the others, and bounds concurrency', async () => {
    let running = 0;
    let peak = 0;
    const report = await runBatch(
      [1, 2, 3, 4, 5, 6],
      async (n) => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        if (n % 3 === 0) throw new Error(`bad ${n}`);
        return n * 10;
      },
      { concurrency: 2 },
    );
    expect(peak).toBe(2);
    expect(report.succeeded.map((s) => s.result).sort((a, b) => a - b)).toEqual([10, 20, 40, 50]);
    expect(report.failed.map((f) => f.item)).toEqual([3, 6]);
    expect(() => throwIfFailed(report, 'delete')).toThrow(AggregateError);
  });

  it('skips items not started after abort, and accepts async iterables', async () => {
    const controller = new AbortController();
    async function* gen(): AsyncGenerator<number> {
      for (let i = 0; i < 10; i++) yield i;
    }
    const report = await runBatch(
      gen(),
      async (n) => {
        if (n === 2) controller.abort();
        return n;
      },
      { concurrency: 1, signal: controller.signal },
    );
    expect(report.succeeded.map((s) => s.item)).toEqual([0, 1, 2]);
    expect(report.skipped).toEqual([3, 4, 5, 6, 7, 8, 9]);
    expect(report.aborted).toBe(true);
  });

  it('reports a failing source instead of losing the finished work', async () => {
    async function* broken(): AsyncGenerator<number> {
      yield 1;
      throw new Error('listing broke');
    }
    const report = await runBatch(broken(), async (n) => n);
    expect(report.succeeded).toHaveLength(1);
    expect((report.sourceError as Error).message).toBe('listing broke');
  });
});
