/**
 * wikikit is MIT: nothing in its production dependency tree may be copyleft or of unknown
 * licence (scripts/check-licences.mjs, also a CI step). The converter once depended on
 * wikiparser-node (GPL-3.0-or-later); it now uses its own parser.
 */
import { describe, expect, it } from 'vitest';
// @ts-expect-error -- a plain .mjs script without type declarations
import { productionLicences, spdxAllowed } from '../../scripts/check-licences.mjs';

interface Row { name: string; version: string; licence: string; verdict: string }
const check = { productionLicences: productionLicences as () => Row[], spdxAllowed: spdxAllowed as (e: string) => boolean };

describe('licence policy', () => {
  it.each([
    ['MIT', true],
    ['(MIT OR GPL-3.0-or-later)', true],
    ['(MIT AND BSD-3-Clause)', true],
    ['GPL-3.0-or-later', false],
    ['AGPL-3.0-only', false],
    ['SSPL-1.0', false],
    ['LGPL-2.1-or-later', false],
    ['MIT AND GPL-2.0', false],
    ['SEE LICENSE IN LICENSE.md', false],
  ])('%s allowed: %s', (expression, allowed) => {
    expect(check.spdxAllowed(expression)).toBe(allowed);
  });

  it('the installed production tree is permissive and has no wikiparser-node', () => {
    const rows = check.productionLicences();
    expect(rows.length).toBeGreaterThan(50);
    expect(rows.filter((r) => r.verdict !== 'ok' && r.verdict !== 'not installed (optional)')).toEqual([]);
    expect(rows.map((r) => r.name)).not.toContain('wikiparser-node');
    expect(rows.find((r) => r.name === 'saxes')?.licence).toBe('ISC');
  }, 60_000);
});
