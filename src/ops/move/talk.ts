/**
 * MediaWiki talk pages: `Docs/A` talks at `Talk:Docs/A`, `Help:X` at `Help talk:X`. Only the
 * canonical English subject namespaces are known here; a title that is a talk page itself, or
 * lies in a namespace without talk pages, has none.
 * Internal module: not part of the public API.
 */
const SUBJECT_NAMESPACES = new Set(['User', 'Project', 'File', 'MediaWiki', 'Template', 'Help', 'Category', 'Module']);
const NO_TALK = new Set(['Special', 'Media', 'Image']);

/** The talk page of a (normalised) MediaWiki title, or `undefined` when it has none. */
export function talkPageOf(title: string): string | undefined {
  const colon = title.indexOf(':');
  const ns = colon > 0 ? title.slice(0, colon) : '';
  const rest = title.slice(colon + 1);
  if (ns === '' || (!SUBJECT_NAMESPACES.has(ns) && !NO_TALK.has(ns) && !/ talk$/.test(ns) && ns !== 'Talk')) return `Talk:${title}`;
  if (SUBJECT_NAMESPACES.has(ns)) return `${ns} talk:${rest}`;
  return undefined;
}
