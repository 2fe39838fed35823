import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wikiJsTarget, type WikiJsTarget } from '../helpers/wikijs-target.js';
import { pick, record, type Req } from '../tools/wikijs-recorder/http.js';

/**
 * Replays the request/response pairs in test/fixtures/wikijs/v2 (built from
 * shared/wikijs/v2/observed-behaviour.md) against `wikiJsTarget()`: the sandbox by default,
 * a real Wiki.js 2.5 with WIKIJS_URL + WIKIJS_TOKEN. Volatile values (ids, dates) are checked
 * by shape only; everything created lives under a per-run path prefix and is deleted after.
 */
interface GqlRequest {
  query?: string;
  variables?: unknown;
  raw?: string;
  batch?: unknown[];
  method?: 'GET';
  get?: string;
}
interface Step {
  name: string;
  auth?: 'key' | 'none' | 'bad';
  setup?: GqlRequest & { capture?: Record<string, string> };
  request: GqlRequest;
  expect: {
    status: number;
    match?: Record<string, unknown>;
    shape?: Record<string, string>;
    contains?: Record<string, Array<Record<string, unknown>>>;
    absent?: string[];
    text?: string;
  };
  capture?: Record<string, string>;
}
interface Fixture {
  description: string;
  steps: Step[];
  cleanup?: string[];
}

const dir = new URL('../fixtures/wikijs/v2/', import.meta.url);
const files = readdirSync(dir).filter((f) => f.endsWith('.json')).sort();

const get = pick;

function substitute(value: unknown, vars: Record<string, unknown>): unknown {
  if (typeof value === 'string') {
    const whole = /^\{\{(\w+)\}\}$/.exec(value);
    if (whole?.[1] !== undefined && whole[1] in vars) return vars[whole[1]];
    return value.replace(/\{\{(\w+)\}\}/g, (m: string, k: string): string => (k in vars ? String(vars[k]) : m));
  }
  if (Array.isArray(value)) return value.map((v) => substitute(v, vars));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, substitute(v, vars)]));
  }
  return value;
}

function typeOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/.test(v)) return 'iso-date';
  return typeof v;
}

/** Through the recorder's HTTP layer (test/tools/wikijs-recorder), which also speaks to both targets. */
async function send(target: WikiJsTarget, req: GqlRequest, auth: Step['auth']): Promise<{ status: number; text: string }> {
  const r: Req = req.method === 'GET'
    ? { method: 'GET', path: `/graphql?query=${encodeURIComponent(req.get ?? '')}` }
    : { body: req.raw ?? JSON.stringify(req.batch ?? { query: req.query, variables: req.variables }) };
  const rec = await record({ name: target.real ? 'real' : 'sandbox', url: target.url, token: target.token, vars: {} }, { ...r, auth: auth ?? 'key' });
  return { status: rec.status, text: rec.text };
}

for (const file of files) {
  const fixture = JSON.parse(readFileSync(new URL(file, dir), 'utf8')) as Fixture;
  describe(`conformance ${file}: ${fixture.description}`, () => {
    let target: WikiJsTarget;
    const vars: Record<string, unknown> = { run: `wikikit-conformance-${Date.now().toString(36)}-${file.replace(/\W/g, '')}` };

    beforeAll(async () => {
      target = await wikiJsTarget();
    });
    afterAll(async () => {
      for (const prefix of fixture.cleanup ?? []) {
        const p = String(substitute(prefix, vars));
        const list = await send(target, { query: '{ pages { list { id path } } }' }, 'key');
        const pages = (get(JSON.parse(list.text), 'data.pages.list') as Array<{ id: number; path: string }> | undefined) ?? [];
        for (const page of pages.filter((x) => x.path.startsWith(p))) {
          await send(target, { query: `mutation { pages { delete(id: ${String(page.id)}) { responseResult { succeeded } } } }` }, 'key');
        }
      }
      await target.close();
    });

    for (const step of fixture.steps) {
      it(step.name, async () => {
        if (step.setup !== undefined) {
          const s = await send(target, substitute(step.setup, vars) as GqlRequest, 'key');
          for (const [k, p] of Object.entries(step.setup.capture ?? {})) vars[k] = get(JSON.parse(s.text), p);
        }
        const res = await send(target, substitute(step.request, vars) as GqlRequest, step.auth);
        const exp = substitute(step.expect, vars) as Step['expect'];
        expect(res.status, res.text).toBe(exp.status);
        if (exp.text !== undefined) {
          expect(res.text).toBe(exp.text);
          return;
        }
        const body = JSON.parse(res.text) as unknown;
        for (const [path, want] of Object.entries(exp.match ?? {})) expect(get(body, path), `${path} in ${res.text}`).toEqual(want);
        for (const [path, type] of Object.entries(exp.shape ?? {})) expect(typeOf(get(body, path)), `${path} in ${res.text}`).toBe(type);
        for (const [path, items] of Object.entries(exp.contains ?? {})) {
          expect(get(body, path), `${path} in ${res.text}`).toEqual(expect.arrayContaining(items.map((i): unknown => expect.objectContaining(i))));
        }
        for (const key of exp.absent ?? []) expect(body as object, res.text).not.toHaveProperty(key);
        for (const [k, p] of Object.entries(step.capture ?? {})) {
          vars[k] = get(body, p);
          expect(vars[k], `capture ${k}`).toBeDefined();
        }
      });
    }
  });
}
