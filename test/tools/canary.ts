/**
 * Canary secrets: unique values planted as a token, a password and a cookie, then searched for
 * in everything a run leaves behind (output, error JSON, logs, files, archives). Any form counts:
 * raw, URL-encoded and base64.
 */
import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';

export interface Canaries {
  readonly token: string;
  readonly password: string;
  readonly cookie: string;
  /** `name=value` for a Set-Cookie header carrying the cookie canary. */
  readonly setCookie: string;
  readonly all: readonly string[];
}

export function makeCanaries(label = 'run'): Canaries {
  const mark = (what: string): string => `wkcanary${what}${label}${randomBytes(9).toString('hex')}`;
  const token = mark('tok');
  const password = `${mark('pw')}!#%&`;
  const cookie = mark('ck');
  return { token, password, cookie, setCookie: `wkcanary=${cookie}; Path=/; HttpOnly`, all: [token, password, cookie] };
}

export interface Finding {
  readonly where: string;
  readonly secret: string;
  readonly form: 'raw' | 'url-encoded' | 'base64';
  readonly excerpt: string;
}

function forms(secret: string): [Finding['form'], string][] {
  return [
    ['raw', secret],
    ['url-encoded', encodeURIComponent(secret)],
    ['base64', Buffer.from(secret).toString('base64').replace(/=+$/, '')],
  ];
}

/** Every place a canary occurs in `text`. */
export function scanText(where: string, text: string, secrets: readonly string[]): Finding[] {
  const found: Finding[] = [];
  for (const secret of secrets) {
    for (const [form, needle] of forms(secret)) {
      let at = text.indexOf(needle);
      while (at >= 0) {
        found.push({ where, secret, form, excerpt: text.slice(Math.max(0, at - 60), at + needle.length + 20) });
        at = text.indexOf(needle, at + 1);
      }
    }
  }
  return found;
}

/** Scans every file under `dir` (gzip members decompressed first), except names `skip` accepts. */
export async function scanDir(dir: string, secrets: readonly string[], skip: (relative: string) => boolean = () => false): Promise<{ files: number; findings: Finding[] }> {
  const findings: Finding[] = [];
  let files = 0;
  const walk = async (folder: string, prefix: string): Promise<void> => {
    for (const entry of await readdir(folder, { withFileTypes: true })) {
      const rel = prefix === '' ? entry.name : `${prefix}/${entry.name}`;
      const abs = join(folder, entry.name);
      if (entry.isDirectory()) await walk(abs, rel);
      else if (entry.isFile() && !skip(rel)) {
        files++;
        let data = await readFile(abs);
        if (data[0] === 0x1f && data[1] === 0x8b) data = gunzipSync(data);
        findings.push(...scanText(rel, data.toString('latin1'), secrets));
      }
    }
  };
  await walk(dir, '');
  return { files, findings };
}
