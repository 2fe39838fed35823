/**
 * THE redaction function set: every error summary, log event and `--json` line goes through
 * here, so a secret has exactly one way out, and it is blocked.
 */
/** What was sent, already redacted. Declared here (not in errors.ts) so errors.ts can redact at construction without an import circle. */
export interface RequestSummary {
  readonly method: string;
  /** URL with secret query parameters replaced by `[REDACTED]`. */
  readonly url: string;
  /** Logical operation, e.g. `pages.create` or `action=edit`. */
  readonly operation?: string;
  /** GraphQL variables or form fields, with secret names redacted and long values cut. */
  readonly variables?: Readonly<Record<string, unknown>>;
}

export const REDACTED = '[REDACTED]';

const SENSITIVE = /^(authorization|proxy-authorization|cookie|set-cookie|new-jwt|x-api-key|password|passwd|lgpassword|newpassword|retype|token|jwt|key|apikey|api_key|secret|lgtoken|logintoken|csrftoken|clientsecret)$|token$|password$|secret$/i;

/** True when a header, URL parameter, form field or GraphQL variable name holds a secret. */
export function isSensitiveName(name: string): boolean {
  return SENSITIVE.test(name);
}

export function redactHeaders(headers: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) out[name] = isSensitiveName(name) ? REDACTED : value;
  return out;
}

export function redactUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url;
  }
  if (parsed.username || parsed.password) {
    parsed.username = '';
    parsed.password = '';
  }
  for (const name of [...parsed.searchParams.keys()]) {
    if (isSensitiveName(name)) parsed.searchParams.set(name, REDACTED);
  }
  // URLSearchParams percent-encodes the brackets; keep the marker readable.
  return parsed.toString().replaceAll(encodeURIComponent(REDACTED), REDACTED);
}

const MAX_VALUE_CHARS = 200;

/** Deep copy with secret names replaced and long strings cut (page bodies are not log material). */
export function redactValue(value: unknown, depth = 0): unknown {
  if (depth > 6) return '[…]';
  if (typeof value === 'string') return value.length > MAX_VALUE_CHARS ? `${value.slice(0, MAX_VALUE_CHARS)}…(${value.length} chars)` : value;
  if (Array.isArray(value)) return value.slice(0, 20).map((item) => redactValue(item, depth + 1));
  if (value instanceof Uint8Array) return `[${value.byteLength} bytes]`;
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [name, inner] of Object.entries(value)) out[name] = isSensitiveName(name) ? REDACTED : redactValue(inner, depth + 1);
    return out;
  }
  return value;
}

export function redactVariables(variables: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return redactValue(variables) as Record<string, unknown>;
}

/** Removes known secret values from free text (server messages, body excerpts). */
export function scrubSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let out = text;
  for (const secret of secrets) {
    if (secret && secret.length >= 4) out = out.split(secret).join(REDACTED);
  }
  return out;
}

export function summarizeRequest(input: {
  method: string;
  url: string;
  operation?: string;
  variables?: Readonly<Record<string, unknown>> | undefined;
}): RequestSummary {
  return {
    method: input.method,
    url: redactUrl(input.url),
    ...(input.operation === undefined ? {} : { operation: input.operation }),
    ...(input.variables === undefined ? {} : { variables: redactVariables(input.variables) }),
  };
}
