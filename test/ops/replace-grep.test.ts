import { describe, expect, it } from 'vitest';
import { ConflictError, UsageError } from '../../src/errors.js';
import { grepWiki } from '../../src/ops/grep.js';
import { applyReplace, planReplace } from '../../src/ops/replace.js';
import { MemoryWiki } from '../helpers/memory-wiki.js';

function wikiWith(n: number): MemoryWiki {
  const wiki = new MemoryWiki();
  for (let i = 0; i < n; i++) wiki.seed({ path: `docs/p${i}`, content: `Hello Wikijs ${i}\nsecond line\n`, tags: i % 2 ? ['odd'] : ['even'] });
  wiki.seed({ path: 'other/x', content: 'Wikijs outside\n' });
  return wiki;
}

describe('replace', () => {
  it('plans per-page diffs under a prefix and tag, and applies them conflict-safe', async () => {
    const wiki = wikiWith(6);
    const plan = await planReplace({ wiki, pattern: 'Wikijs', replacement: 'Wiki.js', pathPrefix: 'docs', tag: 'odd' });
    expect(plan.changes.map((c) => c.path)).toEqual(['docs/p1', 'docs/p3', 'docs/p5']);
    expect(plan.changes[0]?.diff).toContain('-Hello Wikijs 1');
    expect(plan.changes[0]?.diff).toContain('+Hello Wiki.js 1');
    wiki.seed({ path: 'docs/p3', content: 'edited meanwhile\n' });
    wiki.failOn('docs/p5');
    const summary = await applyReplace(plan, wiki);
    expect(summary.changed).toEqual(['docs/p1']);
    expect(summary.failed.map((f) => f.path).sort()).toEqual(['docs/p3', 'docs/p5']);
    expect(summary.failed.find((f) => f.path === 'docs/p3')?.error).toBeInstanceOf(ConflictError);
    expect(wiki.pages.get('docs/p3')?.page.content).toBe('edited meanwhile\n');
    expect(wiki.pages.get('other/x')?.page.content).toBe('Wikijs outside\n');
  });

  it('regex replacement with groups; literal replacement keeps $ literally', async () => {
    const wiki = wikiWith(1);
    const re = await planReplace({ wiki, pattern: 'Hello (\\w+)', replacement: '$1 says hi', regex: true });
    expect(re.changes[0]?.input?.content).toBe('Wikijs says hi 0\nsecond line\n');
    const lit = await planReplace({ wiki, pattern: 'Hello', replacement: '$1', pathPrefix: 'docs' });
    expect(lit.changes[0]?.input?.content).toBe('$1 Wikijs 0\nsecond line\n');
    await expect(planReplace({ wiki, pattern: '(', replacement: '', regex: true })).rejects.toThrow(UsageError);
  });
});

describe('grep', () => {
  it('reports path, line and column of body matches', async () => {
    const wiki = wikiWith(2);
    const matches = [];
    for await (const m of grepWiki({ wiki, pattern: 'second', batchSize: 1 })) matches.push(m);
    expect(matches.map((m) => `${m.path}:${m.line}:${m.column}`)).toEqual(['docs/p0:2:1', 'docs/p1:2:1']);
    const ci = [];
    for await (const m of grepWiki({ wiki, pattern: 'WIKIJS', ignoreCase: true, pathPrefix: 'other' })) ci.push(m.text);
    expect(ci).toEqual(['Wikijs outside']);
  });
});
