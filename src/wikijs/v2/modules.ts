/**
 * Settings of Wiki.js 2 modules (auth strategies, comment providers, storage targets) travel as
 * `{ key, value }` pairs whose value is JSON: on the way out the server sends the setting's
 * definition plus `value`; on the way in it reads only `v`. A sensitive value comes back as
 * `********`, and sending that back keeps the stored secret (storage targets).
 */
export interface KeyValuePair {
  readonly key: string;
  readonly value: string;
}

/** Setting values by name from the pairs a query returned. */
export function decodeSettings(pairs: readonly (KeyValuePair | null)[] | null | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const pair of pairs ?? []) {
    if (!pair) continue;
    try {
      const parsed = JSON.parse(pair.value) as { value?: unknown } | null;
      out[pair.key] = parsed !== null && typeof parsed === 'object' && 'value' in parsed ? parsed.value : parsed;
    } catch {
      out[pair.key] = pair.value;
    }
  }
  return out;
}

/** The pairs a mutation wants for these values. */
export function encodeSettings(values: Readonly<Record<string, unknown>>): KeyValuePair[] {
  return Object.entries(values).map(([key, v]) => ({ key, value: JSON.stringify({ v }) }));
}
