/**
 * What MediaWiki 1.39 does to wikitext between the request and the database, so that the
 * client can hash what the server hashes and the jobs can compare a file with the page it became
 * (`wikitext` is MediaWiki's format only).
 * Read from the 1.39 sources (Debian 1:1.39.17) and checked by test/contract/mediawiki/byte-exact.test.ts:
 *
 * 1. Every API string parameter goes through WebRequest::getVal → Language::normalize →
 *    UtfNormal\Validator::cleanUp: invalid UTF-8, C0 controls other than TAB/LF/CR
 *    ([\x00-\x08\x0B\x0C\x0E-\x1F]) and U+FFFE/U+FFFF become U+FFFD, then Unicode NFC.
 *    ApiEditPage checks `md5` against this value (md5 of text, or of prependtext . appendtext).
 * 2. EditPage::importFormData: `rtrim(WebRequest::getText())` (CRLF → LF, trailing whitespace).
 * 3. Pre-save transform (Parser::preSaveTransform): TextContent::normalizeLineEndings — CRLF and
 *    lone CR → LF, PHP rtrim — then subst:, signatures (~~~) and pipe tricks ([[a (b)|]]),
 *    and rtrim again. PHP's rtrim strips only " \t\n\r\0\x0B", not Unicode spaces or \f.
 *
 * Step 3's wikitext rewrites (signatures, subst:, pipe tricks) depend on the user, the time and
 * the templates; {@link storedWikitext} does not predict them.
 */

/** The characters UtfNormal\Validator::cleanUp replaces with U+FFFD before normalising. */
// eslint-disable-next-line no-control-regex
const CLEANED = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]/gu;

const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/** PHP rtrim()'s default set. */
// eslint-disable-next-line no-control-regex
const PHP_TRAILING_SPACE = /[ \t\n\r\u0000\u000b]+$/u;

/** Step 1: the value MediaWiki's API sees for a string parameter (and hashes for `md5`). */
export function apiInputForm(text: string): string {
  // Lone surrogates go out as U+FFFD (UTF-8 cannot carry them); hash what is sent.
  return text.replace(LONE_SURROGATE, '\uFFFD').replace(CLEANED, '\uFFFD').normalize('NFC');
}

/** Steps 1–3 without the wikitext rewrites: the text a wikitext page stores for `text`. */
export function storedWikitext(text: string): string {
  return apiInputForm(text).replace(/\r\n?/g, '\n').replace(PHP_TRAILING_SPACE, '');
}

/** True when MediaWiki would store both texts identically (so an edit between them is a no-op). */
export function sameStoredWikitext(a: string, b: string): boolean {
  return a === b || storedWikitext(a) === storedWikitext(b);
}
