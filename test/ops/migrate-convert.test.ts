import MarkdownIt from 'markdown-it';
import { describe, expect, it } from 'vitest';
import { convertWikitext, findTemplates, type ConvertContext } from '../../src/ops/migrate/convert.js';

const existing = new Set(['Main Page', 'Foo bar', 'Talk:Foo bar', 'Help:Editing', 'A']);
const context: ConvertContext = {
  title: 'Test page',
  resolvePage: (title) => ({ path: `/wiki/${title.toLowerCase().replace(/:/g, '/').replace(/ /g, '-')}`, exists: existing.has(title) }),
  resolveFile: (title) => ({ path: `/migrated-files/${title.slice(5).toLowerCase().replace(/ /g, '_')}`, exists: title !== 'File:Missing.png' }),
};
const md = (wikitext: string): string => convertWikitext(wikitext, context).markdown;

// [construct, wikitext, expected Markdown]
const TABLE: [string, string, string][] = [
  ['heading 2', '== Intro ==', '## Intro'],
  ['heading 1..6', '= A =\n=== B ===\n====== F ======', '# A\n\n### B\n\n###### F'],
  ['heading with markup', "== The '''big''' [[Foo bar|idea]] ==", '## The **big** [idea](/wiki/foo-bar)'],
  ['bold', "'''bold'''", '**bold**'],
  ['italic', "''italic''", '*italic*'],
  ['bold italic', "'''''both'''''", '***both***'],
  ['nested emphasis', "'''bold ''and italic'' end'''", '**bold *and italic* end**'],
  ['unclosed bold closes at line end', "'''open\nnext", '**open**\nnext'],
  ['emphasis keeps spaces outside', "'''bold ''' text", '**bold**  text'],
  ['paragraphs', 'one\ntwo\n\nthree', 'one\ntwo\n\nthree'],
  ['bullet list nested', '* a\n** b\n* c', '- a\n  - b\n- c'],
  ['numbered list nested', '# one\n## sub\n# two', '1. one\n   1. sub\n1. two'],
  ['mixed list', '# one\n#* bullet', '1. one\n   - bullet'],
  ['list continuation', '* item\n*: more', '- item\n  more'],
  ['definition list', '; Term\n: Definition', '<dl><dt>Term</dt><dd>Definition</dd></dl>'],
  ['definition on one line', "; Term : ''def''", '<dl><dt>Term</dt><dd><em>def</em></dd></dl>'],
  ['indent (talk style)', ':reply\n::deeper', '<dl><dd>reply<dl><dd>deeper</dd></dl></dd></dl>'],
  ['table with header', '{|\n! A !! B\n|-\n| 1 || 2\n|-\n| 3 || 4\n|}', '| A | B |\n| --- | --- |\n| 1 | 2 |\n| 3 | 4 |'],
  ['table without header', '{| class="wikitable"\n| 1 || 2\n|}', '| | |\n| --- | --- |\n| 1 | 2 |'],
  ['table pipe in cell', '{|\n! H\n|-\n| <nowiki>a|b</nowiki>\n|}', '| H |\n| --- |\n| a\\|b |'],
  ['table caption', '{|\n|+ Cap\n! H\n|-\n| x\n|}', '**Cap**\n\n| H |\n| --- |\n| x |'],
  ['table with colspan becomes HTML', '{|\n! colspan="2" | Wide\n|-\n| a || b\n|}', '<table>\n<tr><th colspan="2">Wide</th></tr>\n<tr><td>a</td><td>b</td></tr>\n</table>'],
  ['internal link', '[[Foo bar]]', '[Foo bar](/wiki/foo-bar)'],
  ['internal link with label', '[[Foo bar|the label]]', '[the label](/wiki/foo-bar)'],
  ['internal link with anchor', '[[Foo bar#Some Section|x]]', '[x](/wiki/foo-bar#some-section)'],
  ['link trail', '[[Foo bar]]s go', '[Foo bars](/wiki/foo-bar) go'],
  ['lower-case first letter', '[[foo bar]]', '[foo bar](/wiki/foo-bar)'],
  ['namespaced link', '[[Talk:Foo bar|talk]]', '[talk](/wiki/talk/foo-bar)'],
  ['section link on same page', '[[#History|see history]]', '[see history](#history)'],
  ['pipe trick', '[[Help:Editing (advanced)|]]', '[Editing](/wiki/help/editing-(advanced))'],
  ['category link (colon)', '[[:Category:Tools]]', '[Category:Tools](/t/tools)'],
  ['external link', '[https://example.org Example site]', '[Example site](https://example.org)'],
  ['external link without label', '[https://example.org]', '<https://example.org>'],
  ['bare URL', 'see https://example.org/x now', 'see <https://example.org/x> now'],
  ['image', '[[File:Logo.png]]', '![Logo.png](/migrated-files/logo.png)'],
  ['image thumb with caption', '[[File:My pic.jpg|thumb|A [[Foo bar|caption]]]]', '![A caption](/migrated-files/my_pic.jpg)'],
  ['image with width and alt', '[[File:Logo.png|200px|alt=The logo]]', '![The logo](/migrated-files/logo.png =200x)'],
  ['non-image file', '[[File:Manual.pdf]]', '[Manual.pdf](/migrated-files/manual.pdf)'],
  ['media link', '[[Media:Manual.pdf|the manual]]', '[the manual](/migrated-files/manual.pdf)'],
  ['file page link', '[[:File:Logo.png|logo page]]', '[logo page](/migrated-files/logo.png)'],
  ['gallery', '<gallery>\nFile:A.png|Cap A\nFile:B.png\n</gallery>', '![Cap A](/migrated-files/a.png)\n![B.png](/migrated-files/b.png)'],
  ['category removed (becomes a tag)', 'Text\n[[Category:Tools]]', 'Text'],
  ['template kept inline', 'Born {{birth date|1970|1|1}} here', 'Born `{{birth date|1970|1|1}}` here'],
  ['template kept as block', '{{Infobox\n| name = X\n}}', '```wikitext\n{{Infobox\n| name = X\n}}\n```'],
  ['parser function kept', '{{#if:x|yes|no}}', '`{{#if:x|yes|no}}`'],
  ['DEFAULTSORT dropped', '{{DEFAULTSORT:Bar}}Text', 'Text'],
  ['ref footnote', 'Fact.<ref>Source one</ref>', 'Fact.[^1]\n\n[^1]: Source one'],
  ['named refs reuse number', 'A<ref name="x">X</ref> B<ref>Y</ref> C<ref name="x"/>\n<references/>', 'A[^1] B[^2] C[^1]\n\n[^1]: X\n[^2]: Y'],
  ['ref with link', 'A<ref>See [[Foo bar]]</ref>', 'A[^1]\n\n[^1]: See [Foo bar](/wiki/foo-bar)'],
  ['code tag', 'Use <code>a*b_c</code> here', 'Use `a*b_c` here'],
  ['pre tag', '<pre>\nline 1\n  [[not a link]]\n</pre>', '```\nline 1\n  [[not a link]]\n```'],
  ['leading-space pre', ' x = 1\n y = 2', '```\nx = 1\ny = 2\n```'],
  ['syntaxhighlight', '<syntaxhighlight lang="python">\nprint("hi")\n</syntaxhighlight>', '```python\nprint("hi")\n```'],
  ['source tag', '<source lang="js">let a = `x`;</source>', '```js\nlet a = `x`;\n```'],
  ['nowiki', "<nowiki>'''not bold''' [[x]]</nowiki>", "'''not bold''' \\[\\[x\\]\\]"],
  ['html bold/italic/strike', '<b>b</b> <i>i</i> <s>s</s>', '**b** *i* ~~s~~'],
  ['br', 'a<br>b', 'a<br>b'],
  ['hr', 'a\n----\nb', 'a\n\n---\n\nb'],
  ['math', '<math>x^2</math>', '$x^2$'],
  ['markdown special chars escaped', 'a *star* [x] `tick` _under_ 2<3 <tag', 'a \\*star\\* \\[x\\] \\`tick\\` \\_under\\_ 2<3 \\<tag'],
  ['# at line start is a wikitext list', 'x\n#item', 'x\n\n1. item'],
  ['Markdown line starts escaped', '> not a quote\n1. not a list\n- not a bullet\n+ plus', '\\> not a quote\n1\\. not a list\n\\- not a bullet\n\\+ plus'],
  ['comment kept invisible', 'a <!-- note --> b', 'a <!-- note --> b'],
  ['behaviour switch dropped', '__NOTOC__\nText', 'Text'],
  ['redirect', '#REDIRECT [[Foo bar#Usage]]', 'This page redirects to [Foo bar#Usage](/wiki/foo-bar#usage).'],
  ['redirect with category', '#REDIRECT [[Main Page]]\n[[Category:Old]]', 'This page redirects to [Main Page](/wiki/main-page).'],
  ['unicode text', "'''Ünïcödé''' 日本語", '**Ünïcödé** 日本語'],
];

describe('convertWikitext: construct table', () => {
  it.each(TABLE)('%s', (_name, wikitext, expected) => {
    expect(md(wikitext)).toBe(`${expected}\n`);
  });
});

describe('convertWikitext: malformed wikitext converts with a warning, never a crash', () => {
  const MALFORMED: [string, string, string, string][] = [
    ['unclosed table', '{|\n! H\n|-\n| cell', 'table', '| H |\n| --- |\n| cell |'],
    ['stray ]]', 'text ]] more', 'lonely-bracket', 'text \\]\\] more'],
    ['stray [[', 'text [[ more', 'lonely-bracket', 'text \\[\\[ more'],
    ['unclosed comment', 'a <!-- never closed', 'unclosed-comment', 'a <!-- never closed'],
    ['unbalanced heading', '== Head =', 'unbalanced-header', '# = Head'],
    ['unclosed html tag', '<b>bold never closed', 'unmatched-tag', '**bold never closed'],
  ];
  it.each(MALFORMED)('%s', (_name, wikitext, construct, expected) => {
    const result = convertWikitext(wikitext, context);
    expect(result.warnings.map((w) => w.construct)).toContain(construct);
    const warning = result.warnings.find((w) => w.construct === construct);
    expect(warning?.line).toBe(1);
    expect(result.markdown).toBe(`${expected}\n`);
  });

  it('survives garbage without throwing', () => {
    const garbage = "{{{{[[|]]}}}}\n{|\n|-\n|}}\n'''''''\n<ref name=\n[[File:]]\n{{#invoke:}}\n<gallery>\n";
    expect(() => convertWikitext(garbage, context)).not.toThrow();
  });
});

describe('convertWikitext: metadata', () => {
  it('turns categories into lower-case tags', () => {
    const result = convertWikitext('Text [[Category:Tools]] [[Category:Big Ideas|sort]]', context);
    expect(result.tags).toEqual(['tools', 'big ideas']);
  });

  it('reports links and whether they resolve', () => {
    const result = convertWikitext('[[Foo bar]] [[Nowhere]] [[File:Missing.png]]', context);
    expect(result.links).toEqual([
      { target: 'Foo bar', path: '/wiki/foo-bar', exists: true },
      { target: 'Nowhere', path: '/wiki/nowhere', exists: false },
    ]);
    expect(result.files).toEqual([{ target: 'File:Missing.png', path: '/migrated-files/missing.png', exists: false }]);
    expect(result.warnings.map((w) => w.construct)).toContain('file');
  });

  it('marks redirects', () => {
    const result = convertWikitext('#REDIRECT [[Foo bar#Usage]]', context);
    expect(result.redirect).toEqual({ target: 'Foo bar', path: '/wiki/foo-bar', exists: true, fragment: 'Usage' });
  });

  it('names every template it kept unexpanded and warns with a position', () => {
    const result = convertWikitext('Intro\n{{Stub}} and {{#if:a|b}}', context);
    expect(result.unexpanded).toEqual(['Stub', '#if']);
    expect(result.warnings.filter((w) => w.construct === 'template').map((w) => [w.line, w.column])).toEqual([[2, 1], [2, 14]]);
  });

  it('reads DISPLAYTITLE', () => {
    expect(convertWikitext('{{DISPLAYTITLE:Nice title}}Text', context).displayTitle).toBe('Nice title');
  });

  it('finds templates to expand', () => {
    expect(findTemplates('{{A}} {{b|x={{C}}}} {{PAGENAME}} {{DEFAULTSORT:x}}')).toEqual(['Template:A', 'Template:B', 'Template:C', 'PAGENAME']);
  });
});

describe('convertWikitext: Markdown inside block HTML (a template expanded into a <div>)', () => {
  // What Wiki.js does with the page: markdown-it with HTML allowed.
  const render = (markdown: string): string => new MarkdownIt({ html: true }).render(markdown);

  it.each([
    ['one line', `<div class="note">'''Note:''' read [[Foo bar|this]] first</div>`],
    ['continued on the next line', `<div class="note">'''Note:''' read\n''carefully'' [[Foo bar|this]]</div>`],
    ['after a paragraph line', `Intro text\n<div class="note">'''Note:''' read [[Foo bar|this]]</div>`],
  ])('%s: bold, italic and links render, nothing shows as literal Markdown', (_name, wikitext) => {
    const html = render(md(wikitext));
    expect(html).toContain('<strong>Note:</strong>');
    expect(html).toContain('<a href="/wiki/foo-bar">this</a>');
    expect(html).not.toMatch(/\*\*|\]\(/);
  });

  it('a block tag alone on its line keeps Markdown between the tags', () => {
    const html = render(md(`<div class="note">\n'''Note:''' text\n</div>`));
    expect(html).toContain('<strong>Note:</strong>');
  });

  it('inside a table cell the HTML keeps the cell together', () => {
    const out = md(`{|\n! H\n|-\n| <div>'''a''' <nowiki>x|y</nowiki></div>\n|}`);
    expect(render(out)).toContain('<td><div><strong>a</strong> x|y</div></td>');
  });
});
