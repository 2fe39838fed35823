/**
 * Interwiki prefixes for a dump: the export format carries no interwiki map, so it is given as
 * a file (`--interwiki FILE`). Accepted shapes, so the map can be copied from wherever it is:
 * the API's answer to `action=query&meta=siteinfo&siprop=interwikimap` (JSON), a JSON array of
 * `{ prefix, url }`, a JSON object `{ prefix: url }`, or text lines `prefix url` / `prefix=url`
 * (a line starting with `#` is a comment). URLs hold `$1` where the title goes.
 */
import { usageError } from '../../errors.js';

export function parseInterwikiMap(text: string, origin = 'interwiki map'): Map<string, string> {
  const map = new Map<string, string>();
  const add = (prefix: unknown, url: unknown): void => {
    if (typeof prefix !== 'string' || typeof url !== 'string' || prefix.trim() === '' || url.trim() === '') {
      throw usageError(`${origin}: every entry needs a prefix and a URL (got ${JSON.stringify({ prefix, url })})`, { field: 'interwiki' });
    }
    map.set(prefix.trim().toLowerCase(), url.trim());
  };
  const trimmed = text.trim();
  if (trimmed.startsWith('{') || trimmed.startsWith('[')) {
    let data: unknown;
    try {
      data = JSON.parse(trimmed);
    } catch (error) {
      throw usageError(`${origin} is not valid JSON: ${error instanceof Error ? error.message : String(error)}`, { field: 'interwiki', cause: error });
    }
    const fromApi = (data as { query?: { interwikimap?: unknown } }).query?.interwikimap;
    const list = Array.isArray(fromApi) ? fromApi : Array.isArray(data) ? data : undefined;
    if (list !== undefined) {
      for (const entry of list as { prefix?: unknown; url?: unknown }[]) add(entry.prefix, entry.url);
    } else if (data !== null && typeof data === 'object') {
      for (const [prefix, url] of Object.entries(data)) add(prefix, url);
    }
    return map;
  }
  for (const [index, raw] of text.split('\n').entries()) {
    const line = raw.trim().startsWith('#') ? '' : raw.trim();
    if (line === '') continue;
    const match = /^([^\s=]+)\s*[=\s]\s*(\S+)$/.exec(line);
    if (match === null) throw usageError(`${origin} line ${index + 1}: expected "prefix URL", got "${raw.trim()}"`, { field: 'interwiki' });
    add(match[1], match[2]);
  }
  return map;
}
