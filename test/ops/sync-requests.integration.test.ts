/**
 * What a routine `sync push` costs on the wire: a 10-file folder where one file changed, pushed
 * to an in-process sandbox once the client knows the version. Counted at the transport's fetch,
 * so every HTTP request to the wiki is seen (a JSON-array batch is one request, as it is on the
 * wire). The conflict-safety of that path is checked beside it: a page changed on the wiki since
 * the listing is never overwritten.
 */
import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runSync } from '../../src/ops/sync.js';
import { startSandbox, type Sandbox } from '../../src/sandbox/index.js';
import { startV3Sandbox, type V3Sandbox } from '../../src/sandbox/v3/index.js';
import { WikiJsClient } from '../../src/wikijs/client.js';

interface Counted {
  readonly client: WikiJsClient;
  /** GraphQL operation names (or `http`) of the requests sent since the last reset. */
  readonly sent: string[];
}

function countedClient(sandbox: { url: string; token: string }, version: 2 | 3): Counted {
  const sent: string[] = [];
  const client = new WikiJsClient(
    { url: sandbox.url, apiKey: sandbox.token },
    {
      version,
      transport: {
        fetch: (url, init) => {
          const body = typeof init.body === 'string' ? init.body : '';
          // Each operation of the POST (one, or a JSON-array batch) by its opening words.
          const ops = body === '' ? [] : ([JSON.parse(body) as unknown].flat() as { query?: string }[]);
          const names = ops.map((op) => (op.query ?? '').replace(/[\s{}(]+/g, ' ').trim().split(' ').slice(0, 4).join(' '));
          sent.push(names.length > 0 ? names.join('+') : `http ${url}`);
          return fetch(url, init);
        },
      },
    },
  );
  return { client, sent };
}

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'wikikit-sync-wire-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const doc = (title: string, body: string): string => `---\ntitle: ${title}\n---\n\n${body}\n`;

async function tenFiles(): Promise<void> {
  await mkdir(join(dir, 'sub'), { recursive: true });
  for (let i = 0; i < 10; i++) await writeFile(join(dir, i < 5 ? `p${i}.md` : `sub/p${i}.md`), doc(`Page ${i}`, `body ${i}`));
}

// The third case is 3.0.0 as it is: pages() broken, so the listing is tree + search.
describe.each([
  [2, 'Wiki.js 2 sandbox', []],
  [3, 'Wiki.js 3 sandbox', []],
  [3, 'Wiki.js 3 sandbox with 3.0.0\'s broken pages()', ['pages-list']],
] as const)('sync push on the wire (%i: %s)', (version, _label, defects) => {
  let sandbox: Sandbox | V3Sandbox;
  beforeEach(async () => {
    sandbox = defects.length === 0
      ? await startSandbox({ port: 0, quiet: true, wikijsVersion: version })
      : await startV3Sandbox({ port: 0, quiet: true, defects: [...defects] });
  });
  afterEach(async () => {
    await sandbox.close();
  });

  const budget = 2;

  it(`one changed file of ten costs at most ${budget} requests: the listing (with the changed page's read) and the write`, async () => {
    await tenFiles();
    const { client, sent } = countedClient(sandbox, version);
    const wiki = client.asWiki();
    try {
      const first = await runSync({ wiki, dir, direction: 'push', prefix: 'wire' });
      expect(first.report?.failed).toEqual([]);
      expect(first.report?.applied).toHaveLength(10);

      await writeFile(join(dir, 'sub/p7.md'), doc('Page 7', 'body 7, edited'));
      sent.length = 0;
      const second = await runSync({ wiki, dir, direction: 'push', prefix: 'wire' });
      expect(second.report?.failed).toEqual([]);
      expect(second.plan.changes.map((c) => [c.kind, c.path])).toEqual([['update', 'wire/sub/p7']]);
      expect(sent.length, sent.join('\n')).toBeLessThanOrEqual(budget);
      expect(sent.at(-1)).toMatch(/mutation|update/i);
      expect((await wiki.get('wire/sub/p7'))?.content).toContain('body 7, edited');

      // Nothing changed: the listing alone.
      sent.length = 0;
      const third = await runSync({ wiki, dir, direction: 'push', prefix: 'wire' });
      expect(third.plan.changes).toEqual([]);
      expect(sent, sent.join('\n')).toHaveLength(budget - 1);
    } finally {
      await client.close();
    }
  });

  it('a page edited on the wiki after the plan was made is not overwritten by the apply', async () => {
    await tenFiles();
    const { client } = countedClient(sandbox, version);
    const other = countedClient(sandbox, version).client;
    const wiki = client.asWiki();
    try {
      await runSync({ wiki, dir, direction: 'push', prefix: 'wire' });
      await writeFile(join(dir, 'p3.md'), doc('Page 3', 'local edit'));
      const { planSync, applySyncPlan } = await import('../../src/ops/sync.js');
      const plan = await planSync({ wiki, dir, direction: 'push', prefix: 'wire' });
      expect(plan.changes.map((c) => c.path)).toEqual(['wire/p3']);
      // Someone else edits the page between the plan and the apply.
      const page = await other.pages.get({ path: 'wire/p3' });
      await new Promise((resolve) => setTimeout(resolve, 1100));
      await other.pages.update(page.id, { content: 'edited on the wiki' });
      const report = await applySyncPlan(plan, wiki);
      expect(report.applied).toEqual([]);
      expect(report.failed).toHaveLength(1);
      expect((await other.pages.get({ path: 'wire/p3' })).content).toContain('edited on the wiki');
    } finally {
      await client.close();
      await other.close();
    }
  });
});
