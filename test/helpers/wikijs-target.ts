import { startSandbox } from '../../src/sandbox/index.js';

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
  const version = opts?.version ?? 2;
  const url = process.env['WIKIJS_URL']?.replace(/\/+$/, '').replace(/\/_?graphql$/, '');
  const token = process.env['WIKIJS_TOKEN'];
  if (url !== undefined && url !== '' && token !== undefined && token !== '' && (await detectRealMajor(url)) === version) {
    return { url, token, real: true, close: () => Promise.resolve() };
  }
  const sandbox = await startSandbox({ port: 0, quiet: true, wikijsVersion: version });
  return { url: sandbox.url, token: sandbox.token, real: false, close: () => sandbox.close() };
}
