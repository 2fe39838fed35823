/**
 * Runs one async worker per item with bounded concurrency and keeps every outcome: a failure
 * never stops the others and is never thrown away (mwn's `batchOperation` returns failures the
 * same way). An aborted signal stops taking new items; those not started are `skipped`.
 */

export interface BatchProgress {
  readonly done: number;
  readonly succeeded: number;
  readonly failed: number;
  /** Known when `items` is an array. */
  readonly total: number | undefined;
}

export interface RunBatchOptions {
  /** Workers running at once. @default 4 */
  readonly concurrency?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: BatchProgress) => void;
}

export interface BatchFailure<T> {
  readonly item: T;
  readonly error: unknown;
}

export interface BatchReport<T, R> {
  readonly succeeded: { readonly item: T; readonly result: R }[];
  readonly failed: BatchFailure<T>[];
  /** Items not started because the signal was aborted. */
  readonly skipped: T[];
  readonly aborted: boolean;
  /** The item source itself failed (e.g. a listing broke off); items after that point were never seen. */
  readonly sourceError?: unknown;
}

/**
 * @example
 * const report = await runBatch(paths, (p) => wiki.delete(p), { concurrency: 4 });
 * if (report.failed.length > 0) process.exitCode = 1;
 */
export async function runBatch<T, R>(
  items: Iterable<T> | AsyncIterable<T>,
  worker: (item: T, index: number, signal: AbortSignal | undefined) => Promise<R>,
  options: RunBatchOptions = {},
): Promise<BatchReport<T, R>> {
  const concurrency = Math.max(1, Math.floor(options.concurrency ?? 4));
  const { signal, onProgress } = options;
  const total = Array.isArray(items) ? items.length : undefined;
  const succeeded: { item: T; result: R }[] = [];
  const failed: BatchFailure<T>[] = [];
  const skipped: T[] = [];
  const iterator: AsyncIterator<T> | Iterator<T> =
    Symbol.asyncIterator in items ? items[Symbol.asyncIterator]() : items[Symbol.iterator]();
  let index = 0;
  let exhausted = false;
  let sourceError: { error: unknown } | undefined;
  // Pulls are serialised: an async iterator must not be asked for its next item concurrently.
  let pulling: Promise<unknown> = Promise.resolve();

  const next = (): Promise<{ item: T; index: number } | undefined> => {
    const result = pulling.then(async () => {
      if (exhausted) return undefined;
      let step: IteratorResult<T>;
      try {
        step = await iterator.next();
      } catch (error) {
        exhausted = true;
        sourceError = { error };
        return undefined;
      }
      if (step.done === true) {
        exhausted = true;
        return undefined;
      }
      return { item: step.value, index: index++ };
    });
    pulling = result.catch(() => undefined);
    return result;
  };

  const report = (): void => onProgress?.({ done: succeeded.length + failed.length, succeeded: succeeded.length, failed: failed.length, total });

  const run = async (): Promise<void> => {
    for (;;) {
      const taken = await next();
      if (taken === undefined) return;
      if (signal?.aborted) {
        skipped.push(taken.item);
        continue;
      }
      try {
        succeeded.push({ item: taken.item, result: await worker(taken.item, taken.index, signal) });
      } catch (error) {
        failed.push({ item: taken.item, error });
      }
      report();
    }
  };

  await Promise.all(Array.from({ length: concurrency }, run));
  return { succeeded, failed, skipped, aborted: signal?.aborted ?? false, ...(sourceError ? { sourceError: sourceError.error } : {}) };
}

/** Turns a report with failures into one thrown `AggregateError` carrying the report. */
export function throwIfFailed<T, R>(report: BatchReport<T, R>, message: string): void {
  if (report.failed.length === 0 && report.sourceError === undefined) return;
  const errors = report.failed.map((f) => f.error);
  if (report.sourceError !== undefined) errors.push(report.sourceError);
  const error = new AggregateError(errors, `${message}: ${errors.length} failed`);
  Object.assign(error, { report });
  throw error;
}
