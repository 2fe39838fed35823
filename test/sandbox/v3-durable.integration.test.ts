import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSandbox } from '../../src/sandbox/index.js';
import { CREATE_PAGE, gql, pageVars, siteId } from './v3-helpers.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wikikit-v3-durable-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('v3 sandbox with a data dir (LMDB, shared store layer)', () => {
  it('keeps pages, the site id, the API key and the admin password across restarts; reset wipes them', async () => {
    const first = await startSandbox({ port: 0, quiet: true, wikijsVersion: 3, dataDir: dir });
    const site = await siteId(first);
    const created = await gql(first, CREATE_PAGE, pageVars(site, 'durable/page'), first.token);
    const id = (created.json.data?.['createPage'] as { page: { id: string } }).page.id;
    await first.close();

    const second = await startSandbox({ port: 0, quiet: true, wikijsVersion: 3, dataDir: dir });
    expect(second.token).toBe(first.token);
    expect(second.adminPassword).toBe(first.adminPassword);
    expect(await siteId(second)).toBe(site);
    const read = await gql(second, 'query ($id: UUID!) { pageById(id: $id) { path } }', { id }, second.token);
    expect(read.json.data?.['pageById']).toEqual({ path: 'durable/page' });
    await second.close();

    const third = await startSandbox({ port: 0, quiet: true, wikijsVersion: 3, dataDir: dir, reset: true, token: 'my-fixed-token' });
    expect(third.token).toBe('my-fixed-token');
    expect((await gql(third, 'query ($id: UUID!) { pageById(id: $id) { path } }', { id }, third.token)).json.errors?.[0]?.message).toBe('ERR_PAGE_NOT_FOUND');
    await third.close();
  });
});
