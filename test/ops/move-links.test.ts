import { describe, expect, it } from 'vitest';
import { findMarkdownLinks, resolveMarkdownTarget } from '../../src/ops/move/links-markdown.js';
import { findWikiLinks, mentionsTitle } from '../../src/ops/move/links-wikitext.js';

const page = { path: 'docs/a', locale: 'en' };

describe('Markdown links (Wiki.js 2 resolution)', () => {
  it.each([
    ['/docs/b', 'en/docs/b'],
    ['/en/docs/b', 'en/docs/b'],
    ['/fr/docs/b', 'fr/docs/b'],
    ['b', 'en/docs/a/b'], // the page is its own folder
    ['./b', 'en/docs/b'], // the browser resolves against the page URL
    ['../other/x', 'en/other/x'],
    ['/docs/b#install', 'en/docs/b'],
    ['/docs/b/', 'en/docs/b'],
    ['/docs/caf%C3%A9', 'en/docs/café'],
    ['https://wiki.example/docs/b?x=1', 'en/docs/b'],
  ])('%s → %s', (href, key) => {
    const parsed = resolveMarkdownTarget(href, page, 'https://wiki.example');
    expect(parsed && `${parsed.target.locale}/${parsed.target.path}`).toBe(key);
  });

  it.each(['#top', 'mailto:a@b.c', 'tel:123', 'https://elsewhere.example/docs/b', '/img/logo.png', 'file.pdf', '/login', '', '../../../x'])('%s is no page link', (href) => {
    expect(resolveMarkdownTarget(href, page, 'https://wiki.example')).toBeUndefined();
  });

  it('relative links on home are root-relative', () => {
    expect(resolveMarkdownTarget('docs/b', { path: 'home', locale: 'en' }, undefined)?.target.path).toBe('docs/b');
  });

  it('finds inline, titled, bracketed, reference and HTML links; not images, code or comments', () => {
    const body = [
      '[one](/docs/one) [two](/docs/two "Title") [three](<three>)',
      '![img](/docs/pic) `[code](/docs/code)` <!-- [c](/docs/comment) -->',
      '```md',
      '[fenced](/docs/fenced)',
      '```',
      '[ref]: /docs/ref',
      '<a class="x" href="/docs/html">h</a>',
    ].join('\n');
    const links = findMarkdownLinks(body, page);
    expect(links.map((l) => [l.raw, l.target.path, l.line])).toEqual([
      ['/docs/one', 'docs/one', 1],
      ['/docs/two', 'docs/two', 1],
      ['three', 'docs/a/three', 1],
      ['/docs/ref', 'docs/ref', 6],
      ['/docs/html', 'docs/html', 7],
    ]);
    // The offsets cover exactly the target text.
    for (const link of links) expect(body.slice(link.start, link.end)).toBe(link.raw);
  });

  it('keeps each style when retargeting, and leaves relative links that still reach their page', () => {
    const [abs, loc, child, dot, url] = findMarkdownLinks('[a](/docs/b#s) [b](/en/docs/b) [c](c) [d](./b?x) [e](https://w.example/docs/b)', page, 'https://w.example');
    const moved = { path: 'manual/b', locale: 'en' };
    const from = { path: 'manual/a', locale: 'en' };
    expect(abs?.retarget(moved, from)).toBe('/manual/b#s');
    expect(loc?.retarget(moved, from)).toBe('/en/manual/b');
    expect(url?.retarget(moved, from)).toBe('https://w.example/manual/b');
    expect(dot?.retarget(moved, from)).toBeUndefined(); // ./b from manual/a is manual/b
    expect(child?.retarget({ path: 'manual/a/c', locale: 'en' }, from)).toBeUndefined();
    // Only the linking page moved: a relative link now has to spell the way back.
    expect(child?.retarget({ path: 'docs/a/c', locale: 'en' }, { path: 'elsewhere/a', locale: 'en' })).toBe('/docs/a/c');
    expect(dot?.retarget({ path: 'docs/b', locale: 'en' }, { path: 'x/y/z', locale: 'en' })).toBe('../../docs/b?x');
  });
});

describe('wikilinks (MediaWiki)', () => {
  const mwPage = { path: 'Help:Guide/A', locale: 'en', subpages: true };

  it('resolves every form, masks nowiki/comments/pre, marks links inside templates', () => {
    const body = [
      '[[Help:Guide/B|label]] [[Help:Guide/B#Sec]] [[:Help:Guide/B]] [[help:Guide_B]]',
      '[[/Sub]] [[/Sub/]] [[../C]] [[#Local]] [[Category:X]] [[File:x.png|thumb]] [[:Category:Y]]',
      '<nowiki>[[Help:Guide/N]]</nowiki> <!-- [[Help:Guide/M]] --> <pre>[[Help:Guide/P]]</pre>',
      '{{Box|text=[[Help:Guide/T]]}}',
    ].join('\n');
    const { links, templates } = findWikiLinks(body, mwPage);
    expect(links.map((l) => [l.raw, l.target.path])).toEqual([
      ['Help:Guide/B', 'Help:Guide/B'],
      ['Help:Guide/B#Sec', 'Help:Guide/B'],
      [':Help:Guide/B', 'Help:Guide/B'],
      ['help:Guide_B', 'Help:Guide B'],
      ['/Sub', 'Help:Guide/A/Sub'],
      ['/Sub/', 'Help:Guide/A/Sub'],
      ['../C', 'Help:Guide/C'],
      [':Category:Y', 'Category:Y'],
      ['Help:Guide/T', 'Help:Guide/T'],
    ]);
    expect(links.at(-1)?.inTemplate).toBe(true);
    expect(templates).toHaveLength(1);
  });

  it('treats /Sub as a plain title where the namespace has no subpages', () => {
    const { links } = findWikiLinks('[[/Sub]]', { path: 'Guide', locale: 'en', subpages: false });
    expect(links[0]?.target.path).toBe('/Sub');
  });

  it('retargets keeping label, anchor, colon, underscores and lower-case first letter; relative stays relative when it can', () => {
    const body = '[[Old/B|label]] [[Old/B#S]] [[:Old/B]] [[Old_page/B]] [[old/B]]';
    const { links } = findWikiLinks(body, { path: 'Other', locale: 'en' });
    const to = { path: 'New/B', locale: 'en' };
    const from = { path: 'Other', locale: 'en' };
    expect(links.map((l) => l.retarget(to, from))).toEqual(['New/B', 'New/B#S', ':New/B', 'New/B', 'new/B']);
    const [under] = findWikiLinks('[[Old_page/B]]', from).links;
    expect(under?.retarget({ path: 'New page/B', locale: 'en' }, from)).toBe('New_page/B');

    const sub = { path: 'Help:Old', locale: 'en', subpages: true };
    const [rel, relSlash] = findWikiLinks('[[/Kid]] [[/Kid/]]', sub).links;
    expect(rel?.retarget({ path: 'Help:New/Kid', locale: 'en' }, { ...sub, path: 'Help:New' })).toBeUndefined();
    // The page moves but its subpage does not: the link becomes absolute and keeps its text.
    expect(rel?.retarget({ path: 'Help:Old/Kid', locale: 'en' }, { ...sub, path: 'Help:New' })).toBe('Help:Old/Kid|/Kid');
    expect(relSlash?.retarget({ path: 'Help:Old/Kid', locale: 'en' }, { ...sub, path: 'Help:New' })).toBe('Help:Old/Kid|Kid');
  });

  it('finds a moved title named in a template call, in either spelling', () => {
    expect(mentionsTitle('{{See also|old page/B}}', 'Old page/B')).toBe(true);
    expect(mentionsTitle('{{See also|Old_page/B#x}}', 'Old page/B')).toBe(true);
    expect(mentionsTitle('{{See also|Old page/Bee}}', 'Old page/B')).toBe(false);
    expect(mentionsTitle('{{See also|Re-run (2)/B}}', 'Re-run (2)/B')).toBe(true);
    expect(mentionsTitle('{{See also|-x}}', '-x')).toBe(true);
  });
});
