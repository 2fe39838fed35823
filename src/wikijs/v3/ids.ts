import { usageError } from '../../errors.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): boolean {
  return typeof value === 'string' && UUID.test(value);
}

/**
 * Wiki.js 3 ids (pages, users, groups, sites, keys) are UUIDs; the server's `UUID` scalar
 * refuses anything else with HTTP 400. Checked before sending, naming the field.
 * @throws {UsageError}
 */
export function checkUuid(id: unknown, field = 'id'): string {
  if (typeof id === 'string' && isUuid(id)) return id.toLowerCase();
  const hint = typeof id === 'number' || (typeof id === 'string' && /^\d+$/.test(id)) ? ' (an integer id is a Wiki.js 2 id; this server is Wiki.js 3)' : '';
  throw usageError(`${field} must be a UUID on Wiki.js 3, got ${JSON.stringify(id)}${hint}`, { field });
}
