/**
 * Global setup of the contract project: starts a fresh wire log for this run (see
 * test/helpers/wikijs-wire.ts) and names it in the environment the test workers inherit, with a
 * run id the coverage test checks so that it never counts a log left by an earlier run.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { WIRE_LOG_ENV } from '../../helpers/wikijs-wire.js';

export const WIRE_RUN_ENV = 'WIKIKIT_WIRE_RUN';
export const DEFAULT_WIRE_LOG = resolve('node_modules/.cache/wikikit/contract-wire.ndjson');

export default function setup(): void {
  const file = process.env[WIRE_LOG_ENV] || DEFAULT_WIRE_LOG;
  const run = `${Date.now().toString(36)}-${process.pid}`;
  mkdirSync(dirname(file), { recursive: true });
  const real = Boolean(process.env['WIKIJS_URL'] && process.env['WIKIJS_TOKEN']);
  writeFileSync(file, `${JSON.stringify({ run, startedAt: new Date().toISOString(), target: real ? 'real' : 'sandbox', url: real ? process.env['WIKIJS_URL'] : undefined })}\n`);
  process.env[WIRE_LOG_ENV] = file;
  process.env[WIRE_RUN_ENV] = run;
}
