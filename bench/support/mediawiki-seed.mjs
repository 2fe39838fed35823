// The pages bench/mediawiki.mjs reads: deterministic titles and wikitext (≈1.3 KB each, some
// non-ASCII), and a MediaWiki XML dump of them for `scripts/mediawiki-maint.sh importDump.php`.
export const READ_PREFIX = 'Wikikit bench/page/';

export function readTitle(i) {
  return `${READ_PREFIX}${String(i).padStart(5, '0')}`;
}

export function seedText(i) {
  const para = `Paragraph ${i}: seed text for the read benchmark — with a [[Link ${i % 97}]], '''bold''', ''italic'', café, naïve, 日本語. `;
  return `== Page ${i} ==\n${para.repeat(4)}\n\n=== Details ===\n* item one\n* item two\n${para.repeat(4)}\n[[Category:Wikikit bench]]`;
}

const escapeXml = (s) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Export-0.11 XML of the given page numbers (what maintenance/importDump.php reads). */
export function* dumpXml(numbers) {
  yield '<mediawiki xmlns="http://www.mediawiki.org/xml/export-0.11/" version="0.11" xml:lang="en">\n';
  for (const i of numbers) {
    yield `<page><title>${escapeXml(readTitle(i))}</title><ns>0</ns><revision><timestamp>2026-01-01T00:00:00Z</timestamp>` +
      `<contributor><username>Admin</username></contributor><model>wikitext</model><format>text/x-wiki</format>` +
      `<text xml:space="preserve">${escapeXml(seedText(i))}</text></revision></page>\n`;
  }
  yield '</mediawiki>\n';
}
