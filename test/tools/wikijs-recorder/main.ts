/**
 * The sandbox measured against the real Wiki.js 2.5.314: sends the fixed sequence in cases.ts
 * to a fresh real server and to a fresh in-process sandbox, compares every answer and prints a
 * table plus the identical percentage. Exit 0 at or above --min (default 98), 1 below it,
 * 2 when it cannot run (no real server, or one that is not fresh).
 *
 *   eval "$(bash ../shared/wikijs/real/start.sh --fresh)"   # a brand-new wiki: ids and lists are deterministic
 *   npm run record:wikijs -- [--only TEXT] [--diffs] [--values] [--save FILE] [--save-fixture FILE] [--replay FILE] [--min 98]
 *
 * Needs WIKIJS_URL, WIKIJS_TOKEN, WIKIJS_ADMIN_EMAIL, WIKIJS_ADMIN_PASSWORD (printed by start.sh).
 * The cases log in four times: run it within a minute of start.sh's own login at the latest
 * 5 logins/min/IP apply, so it is best run right after `start.sh --fresh`.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { startSandbox } from '../../../src/sandbox/index.js';
import { redact, valueDifferences, type Recorded } from './compare.js';
import { pick, record, type Target } from './http.js';
import { identicalShare, measure, type Outcome } from './measure.js';

function trimTraces(value: unknown, key?: string): unknown {
  if (Array.isArray(value)) return key === 'stacktrace' ? value.slice(0, 1) : value.map((v) => trimTraces(v));
  if (value === null || typeof value !== 'object') return key === 'stack' && typeof value === 'string' ? value.split('\n')[0] : value;
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, trimTraces(v, k)]));
}

function fixtureOf(rec: Recorded): Recorded {
  return rec.json === undefined ? rec : { ...rec, json: trimTraces(rec.json), text: '' };
}

/** A real server that already holds pages or extra keys would shift every id and list. */
async function checkFresh(real: Target): Promise<string | undefined> {
  const res = await record(real, { body: JSON.stringify({ query: '{ pages { list { id } } authentication { apiKeys { id } } }' }) });
  const list = pick(res.json, 'data.pages.list');
  const keys = pick(res.json, 'data.authentication.apiKeys');
  if (!Array.isArray(list) || !Array.isArray(keys)) return `the real server did not answer a full-access read (HTTP ${String(res.status)}): ${res.text.slice(0, 200)}`;
  if (list.length > 0 || keys.length !== 1) return `the real server is not fresh (${String(list.length)} pages, ${String(keys.length)} API keys)`;
  return undefined;
}

function cell(s: string, n: number): string {
  return s.length > n ? `${s.slice(0, n - 1)}…` : s.padEnd(n);
}

async function main(): Promise<number> {
  const { values: opts } = parseArgs({
    options: {
      only: { type: 'string' }, diffs: { type: 'boolean', default: false }, values: { type: 'boolean', default: false },
      save: { type: 'string' }, 'save-fixture': { type: 'string' }, replay: { type: 'string' }, min: { type: 'string', default: '98' },
    },
  });
  // --replay: the real answers come from an earlier --save (for working on the sandbox without
  // a real server); the sandbox still runs live.
  const replayed = opts.replay === undefined ? undefined : new Map((JSON.parse(readFileSync(opts.replay, 'utf8')) as Outcome[]).map((o) => [o.name, o.real]));
  let real: Target | undefined;
  if (replayed === undefined) {
    const env = process.env;
    const url = env['WIKIJS_URL']?.replace(/\/+$/, '').replace(/\/graphql$/, '');
    const token = env['WIKIJS_TOKEN'];
    if (!url || !token || !env['WIKIJS_ADMIN_EMAIL'] || !env['WIKIJS_ADMIN_PASSWORD']) {
      console.error('record:wikijs needs WIKIJS_URL, WIKIJS_TOKEN, WIKIJS_ADMIN_EMAIL and WIKIJS_ADMIN_PASSWORD of a fresh real Wiki.js 2.5:');
      console.error('  eval "$(bash ../shared/wikijs/real/start.sh --fresh)"   (or --replay FILE from an earlier --save)');
      return 2;
    }
    real = { name: 'real', url, token, vars: { adminEmail: env['WIKIJS_ADMIN_EMAIL'], adminPassword: env['WIKIJS_ADMIN_PASSWORD'] } };
    const stale = await checkFresh(real);
    if (stale !== undefined) {
      console.error(`record:wikijs: ${stale}. Start a brand-new wiki: eval "$(bash ../shared/wikijs/real/start.sh --fresh)"`);
      return 2;
    }
  }
  await using sandbox = await startSandbox({ port: 0 });
  const sb: Target = { name: 'sandbox', url: sandbox.url, token: sandbox.token, vars: { adminEmail: sandbox.adminEmail, adminPassword: sandbox.adminPassword } };

  const started = Date.now();
  const outcomes = await measure(real ?? replayed ?? new Map<string, Recorded>(), sb);
  const shown = outcomes.filter((o) => opts.only === undefined || o.name.includes(opts.only) || o.group === opts.only);
  console.log(`${cell('#', 4)}${cell('group', 9)}${cell('case', 52)}${cell('status', 10)}verdict`);
  shown.forEach((o) => {
    const i = outcomes.indexOf(o) + 1;
    const status = o.real && o.sandbox ? `${String(o.real.status)}/${String(o.sandbox.status)}` : '-';
    const first = o.failure ?? (o.differences[0] ? `${o.differences[0].check} ${o.differences[0].path}` : '');
    const verdict = o.failure !== undefined ? `FAILED ${first}` : o.differences.length === 0 ? 'identical' : `DIFFERS (${String(o.differences.length)}) ${first}`;
    console.log(`${cell(String(i), 4)}${cell(o.group, 9)}${cell(o.name, 52)}${cell(status, 10)}${verdict}`);
    if (opts.diffs) for (const d of o.differences) console.log(`      ${d.check} ${d.path}\n        real:    ${d.real}\n        sandbox: ${d.sandbox}`);
    if (opts.values && o.real?.json !== undefined && o.sandbox?.json !== undefined) {
      for (const d of valueDifferences(o.real.json, o.sandbox.json)) console.log(`      value ${d.path}\n        real:    ${d.real}\n        sandbox: ${d.sandbox}`);
    }
  });
  const { identical, percent: pct } = identicalShare(outcomes);
  console.log(`\n${String(outcomes.length)} cases, ${String(identical)} identical (${pct.toFixed(1)}%) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const differing = outcomes.filter((o) => o.failure !== undefined || o.differences.length > 0);
  if (differing.length > 0) console.log(`Differing: ${differing.map((o) => `"${o.name}"`).join(', ')}`);
  // Saved with the tokens replaced: a recording can be shared and replayed.
  if (opts.save !== undefined) writeFileSync(opts.save, `${JSON.stringify(outcomes.map((o) => ({ ...o, real: o.real && redact(o.real), sandbox: o.sandbox && redact(o.sandbox) })), null, 1)}\n`);
  if (opts['save-fixture'] !== undefined) {
    // The form replay.integration.test.ts reads: real answers only, tokens redacted, stack traces cut to one line.
    const rows = outcomes.flatMap((o) => (o.real === undefined ? [] : [JSON.stringify({ name: o.name, real: fixtureOf(redact(o.real)) })]));
    writeFileSync(opts['save-fixture'], `[${rows.join(',\n')}]\n`);
  }
  return pct >= Number(opts.min) ? 0 : 1;
}

process.exitCode = await main();
