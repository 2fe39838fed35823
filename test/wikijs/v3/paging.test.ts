/** Paged v3 reads stay bounded when a server ignores the paging arguments. */
import { describe, expect, it } from 'vitest';
import type { V3Ops } from '../../../src/wikijs/v3/ops.js';
import { treeAll } from '../../../src/wikijs/v3/listing.js';

describe('v3 paging', () => {
  it('tree: a server that ignores offset (same full page each time) ends the walk instead of looping', async () => {
    const full = Array.from({ length: 1000 }, (_, i) => ({ __typename: 'TreeItemPage', id: `id-${i}`, folderPath: '', fileName: `p${i}`, title: `P${i}` }));
    const offsets: unknown[] = [];
    const ops = {
      read: (_name: string, _field: string, _query: string, variables: Record<string, unknown>) => {
        offsets.push(variables['offset']);
        if (offsets.length > 5) throw new Error('looped');
        return Promise.resolve(full);
      },
    } as unknown as V3Ops;
    const items = await treeAll(ops, 'site', '', 'en', ['page'], 100, {});
    expect(items).toHaveLength(1000);
    expect(offsets).toEqual([0, 1000]);
  });
});
