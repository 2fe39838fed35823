import { describe, expect, it } from 'vitest';
import { md5Of } from '../../src/mediawiki/edit.js';
import { encodeMultipart } from '../../src/mediawiki/multipart.js';
import { apiInputForm, sameStoredWikitext, storedWikitext } from '../../src/model/wikitext.js';

/** Splits the body at its boundary (RFC 7578) into name → raw value bytes. */
async function parse(fields: Parameters<typeof encodeMultipart>[0]): Promise<{ raw: string; form: Map<string, Buffer> }> {
  const { body, contentType } = await encodeMultipart(fields);
  const raw = Buffer.from(body).toString('latin1');
  const boundary = /boundary=(.+)$/.exec(contentType)?.[1] ?? '';
  const form = new Map<string, Buffer>();
  const pieces = raw.split(`--${boundary}`);
  expect(pieces.at(-1)).toBe('--\r\n');
  for (const piece of pieces.slice(1, -1)) {
    const split = piece.indexOf('\r\n\r\n');
    const name = /name="([^"]*)"/.exec(piece.slice(0, split))?.[1] ?? '';
    form.set(name, Buffer.from(piece.slice(split + 4, -2), 'latin1'));
  }
  return { raw, form };
}

describe('encodeMultipart', () => {
  it('keeps LF, lone CR, CRLF, NUL, tabs and non-ASCII bytes exactly (FormData would turn every line break into CRLF)', async () => {
    const text = 'a\nb\rc\r\nd\u0000e\tf\u00e9\u{1F600}\n\n';
    const { raw, form } = await parse([['text', text], ['token', '+\\']]);
    expect(form.get('text')?.toString('utf8')).toBe(text);
    expect(form.get('token')?.toString('utf8')).toBe('+\\');
    expect(raw).toContain(Buffer.from(text, 'utf8').toString('latin1'));
    expect(raw.endsWith('--\r\n')).toBe(true);
  });

  it('sends Blobs as file parts with a filename and type, bytes untouched', async () => {
    const bytes = new Uint8Array([0, 10, 13, 255, 10]);
    const { raw, form } = await parse([['file', new Blob([bytes], { type: 'image/png' }), 'x.png'], ['filename', 'X.png']]);
    expect(new Uint8Array(form.get('file') ?? [])).toEqual(bytes);
    expect(form.get('filename')?.toString()).toBe('X.png');
    expect(raw).toContain('name="file"; filename="x.png"\r\nContent-Type: image/png\r\n\r\n');
  });

  it('escapes quotes and line breaks in field names and never uses a boundary found in the data', async () => {
    const { raw } = await parse([['a"b\nc', 'v']]);
    expect(raw).toContain('name="a%22b%0Ac"');
    const first = await encodeMultipart([['x', 'y']]);
    const boundary = first.contentType.split('boundary=')[1] ?? '';
    expect(boundary).toMatch(/^wikikit-[0-9a-f]{36}$/);
    expect(Buffer.from(first.body).toString('latin1').split(`--${boundary}`)).toHaveLength(3);
  });
});

describe('what MediaWiki 1.39 does to text (UtfNormal cleanUp, EditPage rtrim, normalizeLineEndings)', () => {
  it('apiInputForm: NFC, C0 controls except TAB/LF/CR and U+FFFE/U+FFFF → U+FFFD, lone surrogates → U+FFFD', () => {
    expect(apiInputForm('e\u0301')).toBe('\u00e9');
    expect(apiInputForm('a\u0001b\u000bc\u000cd\u001fe\u007f')).toBe('a\ufffdb\ufffdc\ufffdd\ufffde\u007f');
    expect(apiInputForm('\t\n\r')).toBe('\t\n\r');
    expect(apiInputForm('x\ufffey\uffff')).toBe('x\ufffdy\ufffd');
    expect(apiInputForm('a\ud800b\udc00')).toBe('a\ufffdb\ufffd');
    expect(apiInputForm('\u{1F600}')).toBe('\u{1F600}');
  });

  it('storedWikitext: CRLF and CR → LF, PHP rtrim (space, tab, LF, CR, NUL, VT) — not NBSP or form feed', () => {
    expect(storedWikitext('a\r\nb\rc\n \t\r\n')).toBe('a\nb\nc');
    expect(storedWikitext('  lead\n')).toBe('  lead');
    expect(storedWikitext('x\u00a0')).toBe('x\u00a0');
    expect(storedWikitext('x\u000c')).toBe('x\ufffd');
    expect(storedWikitext('a \nb\t\n')).toBe('a \nb');
    expect(sameStoredWikitext('a\r\n', 'a')).toBe(true);
    expect(sameStoredWikitext('a\u00a0', 'a')).toBe(false);
  });

  it('md5 is of the text as the API sees it, so NFD or control characters do not cause badmd5', () => {
    expect(md5Of({ title: 'A', text: 'e\u0301' })).toBe(md5Of({ title: 'A', text: '\u00e9' }));
    expect(md5Of({ title: 'A', text: 'a\nb' })).toBe('8cdeb44417f3c26826595d5820cf5700'); // the LF text, as it goes on the wire
  });
});
