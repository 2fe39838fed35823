/** Builds MediaWiki XML exports (format 0.11, as dumpBackup.php writes them) for tests. */
export interface DumpRevisionSpec {
  readonly id: number;
  readonly text: string;
  readonly user?: string;
  readonly timestamp?: string;
  readonly comment?: string;
}

export interface DumpPageSpec {
  readonly title: string;
  readonly ns: number;
  readonly id: number;
  readonly redirect?: string;
  readonly revisions: readonly DumpRevisionSpec[];
  readonly upload?: { readonly filename: string; readonly size: number; readonly rel?: string; readonly contents?: Uint8Array };
}

const NAMESPACES: [number, string][] = [
  [-2, 'Media'], [-1, 'Special'], [0, ''], [1, 'Talk'], [2, 'User'], [3, 'User talk'], [4, 'Test Wiki'], [5, 'Test Wiki talk'],
  [6, 'File'], [7, 'File talk'], [8, 'MediaWiki'], [9, 'MediaWiki talk'], [10, 'Template'], [11, 'Template talk'], [12, 'Help'],
  [13, 'Help talk'], [14, 'Category'], [15, 'Category talk'],
];

export const xmlText = (text: string): string => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

export function dumpHeader(base = 'https://old.example/wiki/Main_Page'): string {
  const ns = NAMESPACES.map(([key, name]) => (name === '' ? `      <namespace key="${key}" case="first-letter" />` : `      <namespace key="${key}" case="first-letter">${xmlText(name)}</namespace>`));
  return [
    '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">',
    '  <siteinfo>',
    '    <sitename>Test Wiki</sitename>',
    '    <dbname>testwiki</dbname>',
    `    <base>${xmlText(base)}</base>`,
    '    <generator>MediaWiki 1.39.0</generator>',
    '    <case>first-letter</case>',
    '    <namespaces>',
    ...ns,
    '    </namespaces>',
    '  </siteinfo>',
    '',
  ].join('\n');
}

export function dumpPage(page: DumpPageSpec): string {
  const revisions = page.revisions.map((r, index) => [
    '    <revision>',
    `      <id>${r.id}</id>`,
    index > 0 ? `      <parentid>${page.revisions[index - 1]?.id ?? 0}</parentid>` : '',
    `      <timestamp>${r.timestamp ?? `2024-01-0${Math.min(index + 1, 9)}T00:00:00Z`}</timestamp>`,
    `      <contributor><username>${xmlText(r.user ?? 'Admin')}</username><id>1</id></contributor>`,
    r.comment === undefined ? '' : `      <comment>${xmlText(r.comment)}</comment>`,
    '      <model>wikitext</model>',
    '      <format>text/x-wiki</format>',
    `      <text bytes="${Buffer.byteLength(r.text)}" xml:space="preserve">${xmlText(r.text)}</text>`,
    '      <sha1>0</sha1>',
    '    </revision>',
  ].filter((l) => l !== '').join('\n'));
  const upload = page.upload === undefined ? [] : [
    '    <upload>',
    '      <timestamp>2024-01-01T00:00:00Z</timestamp>',
    '      <contributor><username>Admin</username><id>1</id></contributor>',
    `      <filename>${xmlText(page.upload.filename)}</filename>`,
    `      <src>https://old.example/images/${xmlText(page.upload.filename)}</src>`,
    `      <size>${page.upload.size}</size>`,
    page.upload.rel === undefined ? '' : `      <rel>${xmlText(page.upload.rel)}</rel>`,
    page.upload.contents === undefined ? '' : `      <contents encoding="base64">${Buffer.from(page.upload.contents).toString('base64')}</contents>`,
    '    </upload>',
  ].filter((l) => l !== '');
  return [
    '  <page>',
    `    <title>${xmlText(page.title)}</title>`,
    `    <ns>${page.ns}</ns>`,
    `    <id>${page.id}</id>`,
    page.redirect === undefined ? '' : `    <redirect title="${xmlText(page.redirect)}" />`,
    ...revisions,
    ...upload,
    '  </page>',
    '',
  ].filter((l) => l !== '').join('\n');
}

export function buildDump(pages: readonly DumpPageSpec[], base?: string): string {
  return `${dumpHeader(base)}${pages.map(dumpPage).join('\n')}\n</mediawiki>\n`;
}
