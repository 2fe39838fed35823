import { startSandbox } from '../../src/sandbox/index.js';
import { startWireProxy, WIRE_LOG_ENV } from './wikijs-wire.js';

/** The Wiki.js a test talks to: a real server from the environment, or a fresh sandbox. */
export interface WikiJsTarget {
  /** Base URL without `/graphql`, e.g. `http://127.0.0.1:41234`. */
  url: string;
  /** A full-access API key (or JWT) for that server. */
  token: string;
  /** True when WIKIJS_URL + WIKIJS_TOKEN point the suite at a real Wiki.js. */
  real: boolean;
  /** Stops the sandbox; a no-op for a real server. */
  close(): Promise<void>;
}

let realMajor: Promise<2 | 3> | undefined;

/**
 * The major of the real server: WIKIJS_VERSION when given, else probed once without credentials
 * (a real 3.0.0 must never see an API key it did not ask for: it crashes on one).
 */
function detectRealMajor(url: string): Promise<2 | 3> {
  const given = process.env['WIKIJS_VERSION'];
  if (given === '2' || given === '3') return Promise.resolve(given === '3' ? 3 : 2);
  realMajor ??= fetch(`${url}/_graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{"query":"{__typename}"}' })
    .then(async (res) => (res.ok && (res.headers.get('content-type') ?? '').includes('json') && (await res.text()).includes('__typename') ? 3 : 2))
    .catch(() => 2 as const);
  return realMajor;
}

/**
 * One suite, two targets (stripe-mock pattern): WIKIJS_URL + WIKIJS_TOKEN select a real
 * Wiki.js for the tests of its own major (detected, or WIKIJS_VERSION); every other test gets
 * an in-process sandbox of the major it asks for, on a free port.
 */
export async function wikiJsTarget(opts?: { version?: 2 | 3 }): Promise<WikiJsTarget> {
  const target = await rawTarget(opts?.version ?? 2);
  // With a wire log asked for (the contract project's global setup does), every request goes
  // through the recording proxy: the coverage test counts what was really sent.
  const logFile = process.env[WIRE_LOG_ENV];
  if (logFile === undefined || logFile === '') return target;
  const proxy = await startWireProxy(target.url, logFile, target.real ? 'real' : 'sandbox');
  return {
    ...target,
    url: proxy.url,
    close: async () => {
      await proxy.close();
      await target.close();
    },
  };
}

async function rawTarget(version: 2 | 3): Promise<WikiJsTarget> {
  const url = process.env['WIKIJS_URL']?.replace(/\/+$/, '').replace(/\/_?graphql$/, '');
  const token = process.env['WIKIJS_TOKEN'];
  if (url !== undefined && url !== '' && token !== undefined && token !== '' && (await detectRealMajor(url)) === version) {
    return { url, token, real: true, close: () => Promise.resolve() };
  }
  const sandbox = await startSandbox({ port: 0, quiet: true, wikijsVersion: version });
  return { url: sandbox.url, token: sandbox.token, real: false, close: () => sandbox.close() };
}

/**
 * How many pages a bulk test creates on this target. A real Wiki.js 2.5 spawns a worker process
 * to render every write and another to rebuild the page tree (2 s per created page on an idle
 * 2-core machine, 15 s measured on a loaded one), so a bulk fixture that takes seconds on the sandbox would take many
 * minutes there. The real run keeps each test file within REAL_FILE_BUDGET_SECONDS (see
 * docs/wikijs.md, "Contract suite on a real server"): bulk tests pass `onReal` small enough for
 * that, and the same assertions hold for either size.
 */
export function fixtureSize(target: WikiJsTarget, full: number, onReal: number): number {
  return target.real ? Math.min(full, onReal) : full;
}

/** Time budget of one test file against the real server in CI (the whole real step: ~15 min). */
export const REAL_FILE_BUDGET_SECONDS = 240;

/** WIKIJS_URL + WIKIJS_TOKEN are set: known at collection time, before any target starts. */
export const REAL_TARGET_REQUESTED = Boolean(process.env['WIKIJS_URL'] && process.env['WIKIJS_TOKEN']);

/** A bulk test's timeout: `ms` on the sandbox, `onReal` when a real server is the target. */
export function bulkTimeout(ms: number, onReal: number): number {
  return REAL_TARGET_REQUESTED ? Math.max(ms, onReal) : ms;
}
