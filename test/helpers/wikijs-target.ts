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

/**
 * One suite, two targets (stripe-mock pattern): WIKIJS_URL + WIKIJS_TOKEN select a real
 * Wiki.js, otherwise an in-process sandbox on a free port is started for the caller.
 */
export async function wikiJsTarget(opts?: { version?: 2 | 3 }): Promise<WikiJsTarget> {
  const url = process.env['WIKIJS_URL'];
  const token = process.env['WIKIJS_TOKEN'];
  if (url !== undefined && url !== '' && token !== undefined && token !== '') {
    return { url: url.replace(/\/+$/, '').replace(/\/graphql$/, ''), token, real: true, close: () => Promise.resolve() };
  }
  const sandbox = await startSandbox({ port: 0, quiet: true, wikijsVersion: opts?.version ?? 2 });
  return { url: sandbox.url, token: sandbox.token, real: false, close: () => sandbox.close() };
}
