/**
 * How the recorder decides that the sandbox answered a request as the real Wiki.js did.
 * Pure functions only (unit-tested in compare.test.ts): the recorder's verdicts are only as
 * good as this file.
 */

/** One HTTP exchange as recorded from a target. */
export interface Recorded {
  status: number;
  /** The `content-type` header, lower-cased with spaces removed (`application/json;charset=utf-8`). */
  contentType: string;
  /** Parsed body when it is JSON, else undefined. */
  json?: unknown;
  /** The raw body text (always kept, for text answers and for the report). */
  text: string;
  /** Names of the response headers the comparison looks at that were present (e.g. `new-jwt`). */
  headers: string[];
}

/** One way the two answers differ; `check` names which of the compared properties it is. */
export interface Difference {
  check: 'status' | 'content-type' | 'body-kind' | 'data' | 'errors' | 'error' | 'responseResult' | 'shape' | 'text' | 'header';
  path: string;
  real: string;
  sandbox: string;
}

const ISO_DATE = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?(?:Z|[+-]\d{2}:?\d{2})/g;
const JWT = /eyJ[\w-]+\.[\w-]+\.[\w-]+/g;
const HEX_HASH = /\b[0-9a-f]{40}\b/g;

/**
 * Replaces the values two fresh servers never share (dates, tokens, content hashes) with
 * placeholders, so messages and texts that embed them compare equal.
 */
export function normaliseText(text: string): string {
  return text.replace(JWT, '<jwt>').replace(ISO_DATE, '<date>').replace(HEX_HASH, '<hash>');
}

function normaliseDeep(value: unknown): unknown {
  if (typeof value === 'string') return value.replace(JWT, '<jwt>');
  if (Array.isArray(value)) return value.map(normaliseDeep);
  if (isObject(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, normaliseDeep(v)]));
  return value;
}

/** A recording without the tokens in it (JWTs and API keys), safe to write to disk. */
export function redact(rec: Recorded): Recorded {
  return { ...rec, text: rec.text.replace(JWT, '<jwt>'), ...(rec.json !== undefined ? { json: normaliseDeep(rec.json) } : {}) };
}

/** `application/json; charset=utf-8` → `application/json;charset=utf-8`; missing → ''. */
export function normaliseContentType(value: string | null | undefined): string {
  return (value ?? '').toLowerCase().replace(/\s+/g, '');
}

/**
 * The type skeleton of a JSON value: objects keep their keys (sorted), arrays their length
 * and each element's shape, scalars become their JSON type. A stack trace is a list of
 * strings of any length (its lines are the server's own source, never the same twice).
 */
export type Shape = string | { [key: string]: Shape } | Shape[];

export function shapeOf(value: unknown, key?: string): Shape {
  if (value === null) return 'null';
  if (Array.isArray(value)) {
    if (key === 'stacktrace' && value.every((v) => typeof v === 'string')) return 'string[]';
    return value.map((v) => shapeOf(v));
  }
  if (typeof value === 'object') {
    const out: Record<string, Shape> = {};
    for (const k of Object.keys(value).sort()) out[k] = shapeOf((value as Record<string, unknown>)[k], k);
    return out;
  }
  return typeof value;
}

function describe(shape: Shape | undefined): string {
  if (shape === undefined) return '(absent)';
  if (typeof shape === 'string') return shape;
  if (Array.isArray(shape)) return `array(${String(shape.length)})`;
  return 'object';
}

/** Every path where two shapes differ, at the deepest point that still tells them apart. */
export function shapeDifferences(real: Shape | undefined, sandbox: Shape | undefined, path = '$'): Difference[] {
  if (typeof real === 'string' || typeof sandbox === 'string' || real === undefined || sandbox === undefined) {
    return real === sandbox ? [] : [{ check: 'shape', path, real: describe(real), sandbox: describe(sandbox) }];
  }
  if (Array.isArray(real) || Array.isArray(sandbox)) {
    if (!Array.isArray(real) || !Array.isArray(sandbox)) return [{ check: 'shape', path, real: describe(real), sandbox: describe(sandbox) }];
    const out: Difference[] = [];
    if (real.length !== sandbox.length) out.push({ check: 'shape', path, real: describe(real), sandbox: describe(sandbox) });
    const n = Math.min(real.length, sandbox.length);
    for (let i = 0; i < n; i++) out.push(...shapeDifferences(real[i], sandbox[i], `${path}[${String(i)}]`));
    return out;
  }
  const out: Difference[] = [];
  for (const k of [...new Set([...Object.keys(real), ...Object.keys(sandbox)])].sort()) {
    out.push(...shapeDifferences(real[k], sandbox[k], `${path}.${k}`));
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

/** Every `responseResult` object in a JSON value, by path. */
export function responseResults(value: unknown, path = '$'): Array<{ path: string; result: unknown }> {
  if (Array.isArray(value)) return value.flatMap((v, i) => responseResults(v, `${path}[${String(i)}]`));
  if (!isObject(value)) return [];
  const out: Array<{ path: string; result: unknown }> = [];
  for (const [k, v] of Object.entries(value)) {
    if (k === 'responseResult') out.push({ path: `${path}.${k}`, result: v });
    else out.push(...responseResults(v, `${path}.${k}`));
  }
  return out;
}

/** What of a GraphQL error must match: message, path and both codes (Apollo's and the wiki's). */
export function errorKey(error: unknown): string {
  if (!isObject(error)) return JSON.stringify(error);
  const ext = isObject(error['extensions']) ? error['extensions'] : {};
  const exception = isObject(ext['exception']) ? ext['exception'] : {};
  return JSON.stringify({
    message: typeof error['message'] === 'string' ? normaliseText(error['message']) : error['message'],
    path: error['path'],
    code: ext['code'],
    wikiCode: exception['code'],
  });
}

function resultKey(result: unknown): string {
  if (!isObject(result)) return JSON.stringify(result);
  const message = result['message'];
  return JSON.stringify({
    succeeded: result['succeeded'],
    errorCode: result['errorCode'],
    slug: result['slug'],
    message: typeof message === 'string' ? normaliseText(message) : message,
  });
}

/** The GraphQL responses in a body: one for a single request, one per element for a batch. */
function responses(json: unknown): Array<{ path: string; body: unknown }> {
  return Array.isArray(json) ? json.map((body, i) => ({ path: `$[${String(i)}]`, body })) : [{ path: '$', body: json }];
}

function presence(body: unknown, key: 'data' | 'errors'): string {
  if (!isObject(body) || !(key in body)) return 'absent';
  const v = body[key];
  if (v === null) return 'null';
  if (Array.isArray(v)) return `array(${String(v.length)})`;
  return typeof v;
}

function compareGraphql(real: unknown, sandbox: unknown): Difference[] {
  const out: Difference[] = [];
  const r = responses(real);
  const s = responses(sandbox);
  if (Array.isArray(real) !== Array.isArray(sandbox) || r.length !== s.length) {
    return [{ check: 'shape', path: '$', real: describe(shapeOf(real)), sandbox: describe(shapeOf(sandbox)) }];
  }
  for (let i = 0; i < r.length; i++) {
    const { path, body: rb } = r[i]!;
    const sb = s[i]!.body;
    for (const key of ['data', 'errors'] as const) {
      const rp = presence(rb, key);
      const sp = presence(sb, key);
      if (rp !== sp) out.push({ check: key, path: `${path}.${key}`, real: rp, sandbox: sp });
    }
    const re = isObject(rb) && Array.isArray(rb['errors']) ? rb['errors'] : [];
    const se = isObject(sb) && Array.isArray(sb['errors']) ? sb['errors'] : [];
    for (let j = 0; j < Math.max(re.length, se.length); j++) {
      const rk = j < re.length ? errorKey(re[j]) : '(absent)';
      const sk = j < se.length ? errorKey(se[j]) : '(absent)';
      if (rk !== sk) out.push({ check: 'error', path: `${path}.errors[${String(j)}]`, real: rk, sandbox: sk });
    }
  }
  const rr = new Map(responseResults(real).map((x) => [x.path, resultKey(x.result)]));
  const sr = new Map(responseResults(sandbox).map((x) => [x.path, resultKey(x.result)]));
  for (const p of [...new Set([...rr.keys(), ...sr.keys()])].sort()) {
    const a = rr.get(p) ?? '(absent)';
    const b = sr.get(p) ?? '(absent)';
    if (a !== b) out.push({ check: 'responseResult', path: p, real: a, sandbox: b });
  }
  return out;
}

/** Response headers whose presence is part of the API (a renewed JWT). */
export const HEADERS_COMPARED = ['new-jwt'] as const;

/** Every difference between the real server's answer and the sandbox's to the same request. */
export function compare(real: Recorded, sandbox: Recorded): Difference[] {
  const out: Difference[] = [];
  if (real.status !== sandbox.status) out.push({ check: 'status', path: '', real: String(real.status), sandbox: String(sandbox.status) });
  if (real.contentType !== sandbox.contentType) out.push({ check: 'content-type', path: '', real: real.contentType, sandbox: sandbox.contentType });
  for (const h of HEADERS_COMPARED) {
    const a = real.headers.includes(h);
    const b = sandbox.headers.includes(h);
    if (a !== b) out.push({ check: 'header', path: h, real: a ? 'present' : 'absent', sandbox: b ? 'present' : 'absent' });
  }
  const rJson = real.json !== undefined;
  const sJson = sandbox.json !== undefined;
  if (rJson !== sJson) {
    out.push({ check: 'body-kind', path: '', real: rJson ? 'json' : 'text', sandbox: sJson ? 'json' : 'text' });
    return out;
  }
  if (!rJson) {
    const a = normaliseText(real.text);
    const b = normaliseText(sandbox.text);
    if (a !== b) out.push({ check: 'text', path: '', real: a.slice(0, 160), sandbox: b.slice(0, 160) });
    return out;
  }
  out.push(...compareGraphql(real.json, sandbox.json));
  out.push(...shapeDifferences(shapeOf(real.json), shapeOf(sandbox.json)));
  return out;
}

/** Values (not only types) that differ once normalised: informational, never counted. */
export function valueDifferences(real: unknown, sandbox: unknown, path = '$'): Array<{ path: string; real: string; sandbox: string }> {
  if (Array.isArray(real) && Array.isArray(sandbox)) {
    const out = [];
    for (let i = 0; i < Math.min(real.length, sandbox.length); i++) out.push(...valueDifferences(real[i], sandbox[i], `${path}[${String(i)}]`));
    return out;
  }
  if (isObject(real) && isObject(sandbox)) {
    const out = [];
    for (const k of Object.keys(real)) if (k in sandbox && k !== 'stacktrace' && k !== 'stack') out.push(...valueDifferences(real[k], sandbox[k], `${path}.${k}`));
    return out;
  }
  const norm = (v: unknown): string => (typeof v === 'string' ? normaliseText(v) : JSON.stringify(v) ?? 'undefined');
  const a = norm(real);
  const b = norm(sandbox);
  return a === b || typeof real === 'object' || typeof sandbox === 'object' ? [] : [{ path, real: a.slice(0, 120), sandbox: b.slice(0, 120) }];
}
