import { randomBytes } from 'node:crypto';

/** A multipart/form-data body as bytes, with the header that names its boundary. */
export interface MultipartBody {
  readonly body: Uint8Array;
  readonly contentType: string;
}

const encoder = new TextEncoder();
const CRLF = encoder.encode('\r\n');

/** RFC 7578 §4.2 / WHATWG: `"`, CR and LF in a field name are percent-escaped. */
function quoted(name: string): string {
  return name.replace(/"/g, '%22').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

function contains(haystack: Uint8Array, needle: string): boolean {
  return Buffer.from(haystack.buffer, haystack.byteOffset, haystack.byteLength).includes(needle, 0, 'latin1');
}

/**
 * Encodes fields as multipart/form-data keeping every value's bytes exactly.
 *
 * Why not FormData: the WHATWG encoding (undici's fetch, form-data-encoder) rewrites each bare
 * LF and lone CR in a string field as CRLF. PHP hands those CRLFs to MediaWiki unchanged, which
 * checks `md5` against them (badmd5 for any text with a line break) and stores its own
 * normalisation of what it received. A file part is no way out either: PHP puts every part
 * with a `filename` into $_FILES, where `action=edit` never looks for `text`.
 * Blob values (uploads) go as file parts named `filename` (default `upload.bin`).
 */
export async function encodeMultipart(fields: readonly (readonly [string, string | Blob, string?])[]): Promise<MultipartBody> {
  const parts: { head: string; data: Uint8Array }[] = [];
  for (const [name, value, filename] of fields) {
    if (typeof value === 'string') {
      parts.push({ head: `Content-Disposition: form-data; name="${quoted(name)}"`, data: encoder.encode(value) });
    } else {
      const type = value.type === '' ? 'application/octet-stream' : value.type;
      parts.push({
        head: `Content-Disposition: form-data; name="${quoted(name)}"; filename="${quoted(filename ?? 'upload.bin')}"\r\nContent-Type: ${type}`,
        data: new Uint8Array(await value.arrayBuffer()),
      });
    }
  }
  // A random boundary is practically never in the data; check anyway, since a collision would cut a value short.
  let boundary: string;
  do boundary = `wikikit-${randomBytes(18).toString('hex')}`;
  while (parts.some((part) => contains(part.data, boundary)));
  const delimiter = encoder.encode(`--${boundary}`);
  const chunks: Uint8Array[] = [];
  for (const part of parts) chunks.push(delimiter, encoder.encode(`\r\n${part.head}\r\n\r\n`), part.data, CRLF);
  chunks.push(encoder.encode(`--${boundary}--\r\n`));
  return { body: Buffer.concat(chunks), contentType: `multipart/form-data; boundary=${boundary}` };
}
