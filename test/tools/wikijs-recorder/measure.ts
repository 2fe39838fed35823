import { CASES, type Case } from './cases.js';
import { compare, type Difference, type Recorded } from './compare.js';
import { pick, record, type Target } from './http.js';

/** One case's two answers and how they differ. */
export interface Outcome {
  name: string;
  group: string;
  real?: Recorded | undefined;
  sandbox?: Recorded;
  differences: Difference[];
  failure?: string;
  /** Time the real server took (ms). */
  ms?: number;
}

async function run(target: Target, c: Case): Promise<Recorded> {
  const rec = await record(target, c.request(target.vars));
  for (const [name, from] of Object.entries(c.capture ?? {})) {
    const value = typeof from === 'string' ? pick(rec.json, from) : from(rec.json);
    if (value !== undefined && value !== null) target.vars[name] = value;
  }
  return rec;
}

/**
 * Sends every case, in order, to the real server (or takes its recorded answer) and then to the
 * sandbox, and compares the two. Every case runs: later ones use what earlier ones captured.
 */
export async function measure(real: Target | ReadonlyMap<string, Recorded | undefined>, sandbox: Target): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const c of CASES) {
    const o: Outcome = { name: c.name, group: c.group, differences: [] };
    try {
      const t0 = Date.now();
      o.real = 'url' in real ? await run(real, c) : real.get(c.name);
      o.ms = Date.now() - t0;
      o.sandbox = await run(sandbox, c);
      if (o.real === undefined) throw new Error('no recorded real answer for this case (re-record with --save)');
      o.differences = compare(o.real, o.sandbox);
    } catch (e) {
      o.failure = e instanceof Error ? e.message : String(e);
    }
    outcomes.push(o);
  }
  return outcomes;
}

export function identicalShare(outcomes: readonly Outcome[]): { identical: number; percent: number } {
  const identical = outcomes.filter((o) => o.failure === undefined && o.differences.length === 0).length;
  return { identical, percent: (100 * identical) / outcomes.length };
}
