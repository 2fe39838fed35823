import type { Parameters } from 'fast-check';

/**
 * Every property runs with a fixed seed (override with FUZZ_SEED to explore; FUZZ_RUNS to run
 * longer) so a failure reproduces; fast-check prints the seed and the shrunk counterexample.
 */
export const SEED = Number(process.env['FUZZ_SEED'] ?? 20261207);

export function fuzz<T>(numRuns: number, extra: Parameters<T> = {}): Parameters<T> {
  const runs = process.env['FUZZ_RUNS'] === undefined ? numRuns : Number(process.env['FUZZ_RUNS']);
  return { seed: SEED, numRuns: runs, endOnFailure: false, ...extra };
}
