// Issue 15 ("Also"): an internal error tells the user where to report it, and that place is
// the package's own `bugs` field, read from package.json at run time (not a hard-coded URL).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { run } from './capture.js';

const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { bugs?: { url?: string }; repository?: { url?: string } };

describe('internal errors', () => {
  it('package.json names a bug tracker in the same repository', () => {
    expect(pkg.bugs?.url).toMatch(/^https:\/\//);
    expect(pkg.repository?.url).toContain(new URL(pkg.bugs?.url ?? '').pathname.replace(/\/issues$/, ''));
  });

  it('print the package.json `bugs` URL, exit 70', async () => {
    const result = await run(['pages', 'ls'], {
      env: { WIKIKIT_URL: 'http://127.0.0.1:9', WIKIKIT_TOKEN: 'x' },
      wikiFactory: () => Promise.reject(new TypeError('boom: an unexpected bug')),
    });
    expect(result.code).toBe(70);
    expect(result.stderr).toContain('boom: an unexpected bug');
    expect(result.stderr).toContain(`please report it at ${pkg.bugs?.url ?? 'MISSING'} with the command you ran`);
  });
});
