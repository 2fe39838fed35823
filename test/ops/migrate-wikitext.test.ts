/**
 * The MIT wikitext layer under the converter: template expansion from a dump's templates
 * (expand.ts) and the parser's robustness on arbitrary input (parse.ts never throws, offsets
 * stay inside the page).
 */
import { describe, expect, it } from 'vitest';
import type { WikiNode } from '../../src/ops/migrate/wikitext/ast.js';
import { convertWikitext } from '../../src/ops/migrate/convert.js';
import { expandTemplates, transclusionText } from '../../src/ops/migrate/wikitext/expand.js';
import { parseWikitext } from '../../src/ops/migrate/wikitext/parse.js';
import { DEFAULT_SITE } from '../../src/ops/migrate/wikitext/title.js';

const templates = new Map<string, string>([
  ['Template:Greet', 'Hello {{{1|world}}}{{{punct|!}}}'],
  ['Template:Eq', '{{#ifeq:{{{1}}}|{{{2}}}|same|different}}'],
  ['Template:Kind', '{{#switch:{{{1}}}|cat|dog=pet|fish=swims|#default=unknown}}'],
  ['Template:Outer', '[{{Greet|{{{name}}}|punct=?}}]'],
  ['Template:Loop', 'again {{Loop}}'],
  ['Template:Doc', '<onlyinclude>shown</onlyinclude> hidden<noinclude> docs</noinclude>'],
  ['Template:Bar', '{{!}}'],
  ['Template:Names', '{{PAGENAME}} / {{FULLPAGENAME}} / {{NAMESPACE}} / {{uc:{{{1}}}}}'],
]);
const expand = (text: string, title = 'Help:Some page'): { text: string; warnings: readonly string[] } =>
  expandTemplates(text, { title, site: DEFAULT_SITE, template: (name) => templates.get(name) });

describe('template expansion from a dump', () => {
  it.each([
    ['positional and default', '{{Greet}} {{Greet|Ann}} {{greet|Bo|punct=.}}', 'Hello world! Hello Ann! Hello Bo.'],
    ['#ifeq, numbers compare as numbers', '{{Eq|a|a}} {{Eq|a|b}} {{Eq|1|01}}', 'same different same'],
    ['#switch with fall-through and default', '{{Kind|cat}} {{Kind|dog}} {{Kind|fish}} {{Kind|bird}}', 'pet pet swims unknown'],
    ['nested templates and parameters passed down', '{{Outer|name=Cy}}', '[Hello Cy?]'],
    ['onlyinclude / noinclude', '{{Doc}}', 'shown'],
    ['{{!}}', 'a{{Bar}}b', 'a|b'],
    ['page-name variables and string functions', '{{Names|x}}', 'Some page / Help:Some page / Help / X'],
    ['a page parameter outside a template stays', '{{{1}}}', '{{{1}}}'],
    ['comments in the page stay', 'a <!-- c --> {{Greet}}', 'a <!-- c --> Hello world!'],
  ])('%s', (_name, input, output) => {
    expect(expand(input).text).toBe(output);
  });

  it('keeps what it cannot expand, with the reason', () => {
    const result = expand('{{Missing|x}} {{#invoke:M|f}} {{Loop}}');
    expect(result.text).toContain('{{Missing|x}}');
    expect(result.text).toContain('{{#invoke:M|f}}');
    expect(result.warnings).toEqual(expect.arrayContaining(['Template:Missing is not in the dump', expect.stringContaining('Template:Loop: template loop')]));
  });

  it('transclusionText drops noinclude parts and includeonly tags', () => {
    expect(transclusionText('a<noinclude>b</noinclude>c<includeonly>d</includeonly>')).toBe('acd');
  });
});

describe('parser robustness', () => {
  // Deterministic pseudo-random wikitext made of the pieces that matter to the parser.
  const pieces = ['[[', ']]', '[', ']', '{{', '}}', '{{{', '}}}', '|', '||', '!!', '{|', '|}', '|-', '\n', '\n*', '\n#', '\n;', ':', '\n=', '=', "''", "'''", '<ref>', '</ref>', '<ref name="a"/>', '<!--', '-->', '<b>', '</b>', '<div>', '</div>', '<nowiki>', '</nowiki>', 'http://x.y/', 'File:', 'Category:', ' text ', 'ü', '#REDIRECT ', '__TOC__', '<gallery>', '</gallery>'];
  let seed = 42;
  const random = (): number => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    return seed / 2 ** 31;
  };
  const visit = (nodes: readonly WikiNode[], source: string): void => {
    for (const node of nodes) {
      expect(node.start).toBeGreaterThanOrEqual(0);
      expect(node.end).toBeLessThanOrEqual(source.length);
      expect(node.raw).toBe(source.slice(node.start, node.end));
      if (node.type === 'heading') visit(node.children, source);
      if (node.type === 'link' && node.label !== undefined) visit(node.label, source);
      if (node.type === 'table') for (const row of node.rows) for (const cell of row) visit(cell.children, source);
    }
  };

  it('parser, converter and expander never throw; every node is the page text at its offsets', () => {
    for (let n = 0; n < 300; n++) {
      const length = 1 + Math.floor(random() * 40);
      const text = Array.from({ length }, () => pieces[Math.floor(random() * pieces.length)] ?? '').join('');
      const parsed = parseWikitext(text);
      visit(parsed.nodes, text);
      for (const issue of parsed.issues) expect(issue.start).toBeLessThanOrEqual(text.length);
      expect(() => convertWikitext(text, { title: 'Fuzz', resolvePage: (t) => ({ path: `/${t}`, exists: true }), resolveFile: (t) => ({ path: `/${t}`, exists: true }) })).not.toThrow();
      expect(() => expand(text)).not.toThrow();
    }
  });
});
