/**
 * A streaming reader of the MediaWiki XML export format (0.10 / 0.11 and the older versions
 * that share their shape): `Special:Export`, `dumpBackup.php --full|--current [--uploads
 * [--include-files]]`, the public dumps. Plain, gzip or bzip2 (recognised by their first bytes).
 *
 * Memory stays flat: pages come out one at a time as `</page>` closes, the file is read only as
 * fast as the consumer takes pages, and only the revision texts the caller asks for are kept
 * (`keep`: none, the latest, or all of them — the page being read is the only one in memory).
 */
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { PassThrough, type Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { SaxesParser } from 'saxes';
import unbzip2 from 'unbzip2-stream';
import { UsageError, usageError } from '../../errors.js';
import type { NamespaceInfo } from './wikitext/title.js';

export interface DumpSiteinfo {
  readonly sitename?: string;
  readonly dbname?: string;
  /** URL of the wiki's main page. */
  readonly base?: string;
  readonly generator?: string;
  readonly namespaces: readonly NamespaceInfo[];
}

export interface DumpRevision {
  readonly revid: number;
  readonly parentid?: number;
  readonly timestamp?: string;
  readonly user?: string;
  readonly comment?: string;
  readonly model?: string;
  readonly sha1?: string;
  /** Absent when not kept (`keep`) or deleted in the source. */
  readonly text?: string;
}

export interface DumpUpload {
  readonly filename: string;
  readonly timestamp?: string;
  readonly size?: number;
  readonly src?: string;
  /** SHA-1 in hex (the dump writes base 36; the API answers hex). */
  readonly sha1?: string;
  /** Path under the wiki's `images/` folder (`a/ab/Name.png`). */
  readonly rel?: string;
  /** Whether the dump embeds the file's bytes (`--include-files`). */
  readonly embedded: boolean;
  /** The embedded bytes, only when the caller asked for them (`uploadContents`). */
  readonly contents?: Uint8Array;
}

export interface DumpPage {
  readonly title: string;
  readonly ns: number;
  readonly id: number;
  /** Target of a redirect page (`<redirect title="…"/>`). */
  readonly redirect?: string;
  /** Revisions in dump order (oldest first); with `keep: 'latest'` or `'none'` only the latest. */
  readonly revisions: readonly DumpRevision[];
  /** Revisions the page has in the dump (more than `revisions` when some were dropped). */
  readonly revisionCount: number;
  readonly uploads: readonly DumpUpload[];
}

export type DumpItem = { readonly kind: 'siteinfo'; readonly siteinfo: DumpSiteinfo; readonly version?: string } | { readonly kind: 'page'; readonly page: DumpPage };

export interface ReadDumpOptions {
  /** Which revision texts to keep for a page, decided once its title and namespace are known. */
  readonly keep?: (page: { title: string; ns: number }) => 'none' | 'latest' | 'all';
  /** Keep at most this many revisions (the latest) per page with `keep: 'all'`. */
  readonly historyLimit?: number;
  /** Decode embedded upload contents (else they are skipped). */
  readonly uploadContents?: boolean;
  readonly signal?: AbortSignal;
}

/** Opens the dump, decompressing gzip / bzip2 by their magic bytes. */
async function openDump(path: string): Promise<Readable> {
  let head: Buffer;
  try {
    const handle = await open(path, 'r');
    try {
      head = Buffer.alloc(3);
      await handle.read(head, 0, 3, 0);
    } finally {
      await handle.close();
    }
  } catch (error) {
    throw usageError(`cannot read the dump ${path}: ${error instanceof Error ? error.message : String(error)}`, { field: 'fromDump', cause: error });
  }
  const file = createReadStream(path, { highWaterMark: 256 * 1024 });
  if (head[0] === 0x1f && head[1] === 0x8b) {
    const gunzip = createGunzip();
    file.on('error', (error) => gunzip.destroy(error));
    return file.pipe(gunzip);
  }
  if (head.toString('latin1') === 'BZh') {
    // unbzip2-stream is a classic (through) stream: bridged by hand, since Readable.wrap()
    // destroys on its 'close', which comes before the last data is read ("Premature close").
    const bz = unbzip2();
    const out = new PassThrough();
    bz.on('data', (data: Buffer) => {
      if (!out.write(data)) bz.pause();
    });
    out.on('drain', () => bz.resume());
    bz.on('end', () => out.end());
    bz.on('error', (error: Error) => out.destroy(usageError(`${path}: bad bzip2 data (${error.message})`, { field: 'fromDump', cause: error })));
    file.on('error', (error) => out.destroy(error));
    out.on('close', () => file.destroy());
    file.pipe(bz);
    return out;
  }
  return file;
}

/** Fields whose text is collected (leaf elements of the export schema). */
const LEAVES = new Set([
  'sitename', 'dbname', 'base', 'generator', 'namespace', 'title', 'ns', 'id', 'parentid', 'timestamp', 'username', 'ip',
  'comment', 'model', 'text', 'sha1', 'filename', 'src', 'size', 'contents', 'sha1base36', 'rel',
]);

interface PageDraft {
  title: string;
  ns: number | undefined;
  id: number;
  redirect?: string;
  revisions: DumpRevision[];
  revisionCount: number;
  uploads: DumpUpload[];
  keep: 'none' | 'latest' | 'all' | undefined;
}

/** The dump's siteinfo first (when it has one), then its pages, in file order. */
export async function* readDump(path: string, options: ReadDumpOptions = {}): AsyncGenerator<DumpItem> {
  const stream = await openDump(path);
  const parser = new SaxesParser({ xmlns: false, position: true });
  const decoder = new TextDecoder('utf-8');
  const queue: DumpItem[] = [];
  const stack: string[] = [];
  let text: string[] = [];
  let collecting = false;
  let root: string | undefined;
  let version: string | undefined;
  const namespaces: NamespaceInfo[] = [];
  let nsKey: number | undefined;
  let site: Record<string, string> = {};
  let page: PageDraft | undefined;
  let rev: Record<string, string> = {};
  let upload: Record<string, string> = {};
  let textDeleted = false;
  const historyLimit = options.historyLimit ?? Infinity;

  const parent = (): string | undefined => stack[stack.length - 2];
  const keepFor = (draft: PageDraft): 'none' | 'latest' | 'all' => {
    if (draft.keep === undefined) draft.keep = options.keep?.({ title: draft.title, ns: draft.ns ?? 0 }) ?? 'latest';
    return draft.keep;
  };

  parser.on('opentag', (tag) => {
    const name = tag.name;
    stack.push(name);
    if (root === undefined) {
      root = name;
      if (name !== 'mediawiki') throw usageError(`${path} is not a MediaWiki XML export: its root element is <${name}>, not <mediawiki>`, { field: 'fromDump' });
      version = typeof tag.attributes['version'] === 'string' ? tag.attributes['version'] : undefined;
      return;
    }
    if (name === 'page') {
      page = { title: '', ns: undefined, id: 0, revisions: [], revisionCount: 0, uploads: [], keep: undefined };
    } else if (name === 'revision') {
      rev = {};
    } else if (name === 'upload') {
      upload = {};
    } else if (name === 'redirect' && page !== undefined) {
      const target = tag.attributes['title'];
      if (typeof target === 'string') page.redirect = target;
    } else if (name === 'namespace') {
      const key = tag.attributes['key'];
      nsKey = typeof key === 'string' ? Number(key) : undefined;
    } else if (name === 'text') {
      textDeleted = tag.attributes['deleted'] !== undefined;
    }
    if (LEAVES.has(name)) {
      // The text of a revision is only collected when it will be kept; contents likewise.
      collecting = !(name === 'text' && page !== undefined && keepFor(page) === 'none') && !(name === 'contents' && options.uploadContents !== true);
      text = [];
    }
  });
  parser.on('text', (chunk) => {
    if (collecting) text.push(chunk);
  });
  parser.on('cdata', (chunk) => {
    if (collecting) text.push(chunk);
  });
  parser.on('closetag', (tag) => {
    const name = tag.name;
    const value = collecting ? text.join('') : '';
    if (LEAVES.has(name)) {
      collecting = false;
      text = [];
    }
    const up = parent();
    stack.pop();
    if (up === 'siteinfo') {
      if (name !== 'namespaces') site[name] = value;
    } else if (name === 'namespace' && up === 'namespaces') {
      if (nsKey !== undefined && Number.isInteger(nsKey)) namespaces.push({ id: nsKey, name: value });
    } else if (name === 'siteinfo') {
      queue.push({
        kind: 'siteinfo',
        siteinfo: {
          namespaces: [...namespaces],
          ...(site['sitename'] === undefined ? {} : { sitename: site['sitename'] }),
          ...(site['dbname'] === undefined ? {} : { dbname: site['dbname'] }),
          ...(site['base'] === undefined ? {} : { base: site['base'] }),
          ...(site['generator'] === undefined ? {} : { generator: site['generator'] }),
        },
        ...(version === undefined ? {} : { version }),
      });
      site = {};
    } else if (name === 'page' && page !== undefined) {
      queue.push({
        kind: 'page',
        page: {
          title: page.title,
          ns: page.ns ?? 0,
          id: page.id,
          revisions: page.revisions,
          revisionCount: page.revisionCount,
          uploads: page.uploads,
          ...(page.redirect === undefined ? {} : { redirect: page.redirect }),
        },
      });
      page = undefined;
    } else if (name === 'revision' && page !== undefined) {
      const mode = keepFor(page);
      const revision: DumpRevision = {
        revid: Number(rev['id'] ?? 0),
        ...(rev['parentid'] === undefined ? {} : { parentid: Number(rev['parentid']) }),
        ...(rev['timestamp'] === undefined ? {} : { timestamp: rev['timestamp'] }),
        ...(rev['user'] === undefined ? {} : { user: rev['user'] }),
        ...(rev['comment'] === undefined ? {} : { comment: rev['comment'] }),
        ...(rev['model'] === undefined ? {} : { model: rev['model'] }),
        ...(rev['sha1'] === undefined ? {} : { sha1: rev['sha1'] }),
        ...(rev['text'] === undefined ? {} : { text: rev['text'] }),
      };
      page.revisionCount += 1;
      if (mode === 'all') {
        page.revisions.push(revision);
        if (page.revisions.length > historyLimit) page.revisions.shift();
      } else {
        // Dumps list revisions oldest first; keep the newest seen.
        const latest = page.revisions[0];
        if (latest === undefined || revision.revid >= latest.revid) page.revisions = [revision];
      }
      rev = {};
    } else if (name === 'upload' && page !== undefined) {
      const size = upload['size'] === undefined ? undefined : Number(upload['size']);
      page.uploads.push({
        filename: upload['filename'] ?? page.title.replace(/^[^:]*:/, ''),
        embedded: upload['contents'] !== undefined,
        ...(upload['timestamp'] === undefined ? {} : { timestamp: upload['timestamp'] }),
        ...(size === undefined || Number.isNaN(size) ? {} : { size }),
        ...(upload['src'] === undefined ? {} : { src: upload['src'] }),
        ...(upload['sha1base36'] === undefined || upload['sha1base36'] === '' ? {} : { sha1: base36ToHex(upload['sha1base36']) }),
        ...(upload['rel'] === undefined || upload['rel'] === '' ? {} : { rel: upload['rel'] }),
        ...(upload['contents'] === undefined || upload['contents'] === '' ? {} : { contents: Buffer.from(upload['contents'], 'base64') }),
      });
      upload = {};
    } else if (page !== undefined && up === 'page') {
      if (name === 'title') page.title = value;
      else if (name === 'ns') page.ns = Number(value);
      else if (name === 'id') page.id = Number(value);
    } else if (up === 'revision' || (up === 'contributor' && stack[stack.length - 2] === 'revision')) {
      if (up === 'contributor') {
        if (name === 'username' || name === 'ip') rev['user'] = value;
      } else if (name === 'text') {
        if (!textDeleted && page !== undefined && keepFor(page) !== 'none') rev['text'] = value;
      } else {
        rev[name] = value;
      }
    } else if (up === 'upload' || (up === 'contributor' && stack[stack.length - 2] === 'upload')) {
      if (up === 'upload') upload[name] = value;
    }
  });

  const write = (chunk: string): void => {
    try {
      parser.write(chunk);
    } catch (error) {
      if (error instanceof UsageError) throw error;
      throw usageError(`${path} is not a well-formed MediaWiki XML export: ${error instanceof Error ? error.message : String(error)}`, { field: 'fromDump', cause: error });
    }
  };
  const chunks = async function* (): AsyncGenerator<Uint8Array> {
    try {
      for await (const chunk of stream) yield chunk as Uint8Array;
    } catch (error) {
      if (error instanceof UsageError || options.signal?.aborted === true) throw error;
      throw usageError(`cannot read the dump ${path}: ${error instanceof Error ? error.message : String(error)}`, { field: 'fromDump', cause: error });
    }
  };
  try {
    for await (const chunk of chunks()) {
      options.signal?.throwIfAborted();
      write(decoder.decode(chunk, { stream: true }));
      while (queue.length > 0) yield queue.shift() as DumpItem;
    }
    write(decoder.decode());
    try {
      parser.close();
    } catch (error) {
      throw usageError(`${path} ends before the export is complete (truncated file?): ${error instanceof Error ? error.message : String(error)}`, { field: 'fromDump', cause: error });
    }
    while (queue.length > 0) yield queue.shift() as DumpItem;
    if (root === undefined) throw usageError(`${path} is empty or not XML`, { field: 'fromDump' });
  } finally {
    stream.destroy();
  }
}

function base36ToHex(value: string): string {
  let n = 0n;
  for (const ch of value.toLowerCase()) {
    const digit = Number.parseInt(ch, 36);
    if (Number.isNaN(digit)) return value;
    n = n * 36n + BigInt(digit);
  }
  return n.toString(16).padStart(40, '0');
}
