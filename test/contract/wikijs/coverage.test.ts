/**
 * Coverage of the real Wiki.js 2.5.314 API by the client and the contract suite.
 *
 * Every query and mutation field of the twelve namespaces below (106 in 2.5.314's introspection)
 * must be served on the wire during the contract run — counted from the wire log that the
 * recording proxy in front of the target wrote (test/helpers/wikijs-wire.ts), not from a hand
 * list — or carry a written reason here. Runs after the contract project (vitest
 * `sequence.groupOrder`), in the same invocation: `npm test` on the sandbox, `.ci/run`'s real
 * step on a fresh real server.
 */
import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { WIRE_LOG_ENV, type WireEntry } from '../../helpers/wikijs-wire.js';
import { DEFAULT_WIRE_LOG, WIRE_RUN_ENV } from './wire-setup.js';

const NAMESPACES = ['pages', 'users', 'groups', 'assets', 'navigation', 'comments', 'authentication', 'site', 'system', 'localization', 'search', 'storage'];
const MIN_SERVED = 95;

/**
 * Fields the suite does not get served, and why. Each is a field a real 2.5.314 cannot serve in a
 * test setup, or one whose only effect would break the run; a stale entry (the field is served
 * after all) fails the test, so this list stays true.
 */
const REASONS: Readonly<Record<string, string>> = {
  'Mutation.system.performUpgrade':
    'needs the wiki-update-companion container (UPGRADE_COMPANION env); without it 2.5.314 refuses every call. The suite sends it and checks that refusal.',
  'Mutation.system.importUsersFromV1':
    'needs the MongoDB database of a Wiki.js 1.x install to read users from; the suite sends it with no database and checks the refusal.',
  'Mutation.system.renewHTTPSCertificate':
    "renews a Let's Encrypt certificate: needs SSL enabled with the letsencrypt provider and a public host name. The suite checks the SystemSSLDisabled refusal.",
  'Mutation.authentication.register':
    'self-registration needs a mail server: with it switched on, 2.5.314 creates the account and then fails on the verification mail (MailNotConfigured). The suite checks the refusal with registration off (1010).',
  'Mutation.authentication.loginTFA':
    'needs the TOTP secret of a user, which 2.5.314 hands out only inside a QR-code image during TFA setup. The suite checks the refusal of an unknown continuation token (1015).',
  'Mutation.users.resetPassword':
    "2.5.314's resolver is a stub (`return false`): it answers with no status and resets nothing. The client raises UsageError; the suite checks that.",
  'Query.localization.translations':
    'an offline install (the test server runs with `offline: true`) has no locale strings loaded: every locale and namespace answers "Invalid locale or namespace". The suite checks that answer.',
  'Mutation.authentication.regenerateCertificates':
    "replaces the JWT signing certificates: every API key, the suite's own included, and every session stop working at once. Not sent.",
};

interface Field {
  readonly name: string;
  readonly kind: 'Query' | 'Mutation';
}

function introspectionPath(): string {
  const shared = new URL('../../../../shared/wikijs/v2/introspection.json', import.meta.url);
  return existsSync(shared) ? shared.pathname : new URL('../../../schemas/wikijs-v2.introspection.json', import.meta.url).pathname;
}

function apiFields(): Field[] {
  type TypeRef = { name: string | null; ofType?: TypeRef | null };
  type Type = { name: string; fields: { name: string; type: TypeRef }[] | null };
  const json = JSON.parse(readFileSync(introspectionPath(), 'utf8')) as { data: { __schema: { queryType: { name: string }; mutationType: { name: string }; types: Type[] } } };
  const schema = json.data.__schema;
  const types = new Map(schema.types.map((t) => [t.name, t]));
  const named = (ref: TypeRef): string => (ref.ofType ? named(ref.ofType) : (ref.name ?? ''));
  const out: Field[] = [];
  for (const [kind, rootName] of [['Query', schema.queryType.name], ['Mutation', schema.mutationType.name]] as const) {
    for (const ns of types.get(rootName)?.fields ?? []) {
      if (!NAMESPACES.includes(ns.name)) continue;
      for (const f of types.get(named(ns.type))?.fields ?? []) out.push({ kind, name: `${kind}.${ns.name}.${f.name}` });
    }
  }
  return out;
}

function wireLog(): { header: { run?: string; target?: string }; entries: WireEntry[] } {
  const file = process.env[WIRE_LOG_ENV] || DEFAULT_WIRE_LOG;
  if (!existsSync(file)) throw new Error(`no wire log at ${file}: run the contract project in the same vitest run (npm test, or --project contract --project contract-exclusive --project wikijs-coverage)`);
  const [first = '{}', ...rest] = readFileSync(file, 'utf8').split('\n').filter((l) => l !== '');
  return { header: JSON.parse(first) as { run?: string; target?: string }, entries: rest.map((l) => JSON.parse(l) as WireEntry) };
}

describe('coverage of the Wiki.js 2.5.314 API (counted on the wire)', () => {
  const fields = apiFields();

  it('reads the 106 fields of the twelve namespaces from the introspection', () => {
    expect(fields).toHaveLength(106);
    expect(new Set(fields.map((f) => f.name)).size).toBe(106);
    for (const name of Object.keys(REASONS)) expect(fields.map((f) => f.name), name).toContain(name);
  });

  it(`serves at least ${MIN_SERVED} of them in this run; every other one has a written reason`, () => {
    const { header, entries } = wireLog();
    expect(header.run, 'the wire log is from an earlier run').toBe(process.env[WIRE_RUN_ENV]);
    const byField = new Map<string, Set<string>>();
    // Only the target under test counts: on the real step, the v3 and sandbox-only files also
    // write entries (target "sandbox"), which must not make up for the real server.
    const target = header.target === 'real' ? 'real' : 'sandbox';
    for (const e of entries) if (e.target === target) byField.set(e.field, (byField.get(e.field) ?? new Set()).add(e.outcome));
    const served = fields.filter((f) => byField.get(f.name)?.has('served'));
    const missing = fields.filter((f) => !byField.get(f.name)?.has('served'));
    const table = missing.map((f) => `${f.name}: ${[...(byField.get(f.name) ?? ['not sent'])].join('/')}${REASONS[f.name] ? '' : '  <- NO REASON'}`).join('\n');
    console.log(`wikijs coverage on the ${target}: ${served.length} of ${fields.length} served\n${table}`);
    expect(missing.filter((f) => REASONS[f.name] === undefined).map((f) => f.name), 'fields neither served nor explained').toEqual([]);
    expect(Object.keys(REASONS).filter((name) => served.some((f) => f.name === name)), 'reasons for fields that are served after all').toEqual([]);
    expect(served.length).toBeGreaterThanOrEqual(MIN_SERVED);
  });
});
