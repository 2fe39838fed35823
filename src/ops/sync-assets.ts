/** The images a synced page links to, planned as upload/download changes beside the pages. */
import { readFile } from 'node:fs/promises';
import { posix } from 'node:path';
import { parsePageFile } from '../model/front-matter.js';
import { joinWikiPath, resolveInside, wikiPathToFile } from '../model/path.js';
import type { Wiki } from '../model/wiki.js';
import { sha256 } from './files.js';
import type { Change } from './plan.js';
import type { SyncDirection } from './sync-types.js';
import { messageOf, type Scan } from './sync-scan.js';

// ---------------------------------------------------------------------------------------------
// Assets: relative images referenced by pages

const IMAGE_LINK = /!\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g;
const HTML_IMG = /<img\b[^>]*\bsrc\s*=\s*["']([^"']+)["']/gi;

/** Relative asset links in a page body, resolved against the page file's folder (POSIX, inside the root). */
export function relativeAssetLinks(content: string, pageFile: string): string[] {
  const out = new Set<string>();
  const folder = posix.dirname(pageFile);
  for (const re of [IMAGE_LINK, HTML_IMG]) {
    for (const match of content.matchAll(re)) {
      const raw = match[1];
      if (raw === undefined || /^[a-z][a-z0-9+.-]*:/i.test(raw) || raw.startsWith('/') || raw.startsWith('#')) continue;
      let decoded: string;
      try {
        decoded = decodeURIComponent(raw.split(/[?#]/)[0] ?? '');
      } catch {
        continue;
      }
      const joined = posix.normalize(posix.join(folder === '.' ? '' : folder, decoded));
      if (joined === '' || joined === '.' || joined.startsWith('../') || joined === '..' || posix.isAbsolute(joined)) continue;
      out.add(joined);
    }
  }
  return [...out];
}

export async function planAssets(scan: Scan, pageChanges: readonly Change[], direction: SyncDirection, wiki: Wiki): Promise<Change[]> {
  if (!wiki.capabilities.assets) return [];
  const changes: Change[] = [];
  const seen = new Set<string>();
  if (direction === 'push') {
    if (!wiki.uploadAsset) return [];
    const candidates = new Set<string>();
    for (const change of pageChanges) {
      if ((change.kind === 'create' || change.kind === 'update') && change.input && change.file) {
        for (const link of relativeAssetLinks(change.input.content, change.file)) candidates.add(link);
      }
    }
    // Assets already synced are re-sent when they changed, even if no page changed.
    for (const file of Object.keys(scan.state.assets)) candidates.add(file);
    for (const file of [...candidates].sort()) {
      if (seen.has(file)) continue;
      seen.add(file);
      const entry = scan.otherFiles.get(file);
      if (!entry) continue;
      const base = scan.state.assets[file];
      if (base && base.size === entry.stat.size && base.mtimeMs === entry.stat.mtimeMs) continue;
      try {
        await resolveInside(scan.dir, file);
      } catch (error) {
        scan.refused.push({ path: file, file, reason: messageOf(error) });
        continue;
      }
      const data = await readFile(entry.abs);
      const hash = sha256(data);
      if (base?.hash === hash) continue;
      const reason = base === undefined ? 'asset referenced by a page' : base.hash === '' ? 'retrying an upload that did not complete' : 'asset changed';
      changes.push({ kind: 'upload-asset', path: `/${joinWikiPath(scan.prefix, file)}`, file, baseFileHash: hash, reason });
    }
  } else {
    if (!wiki.downloadAsset) return [];
    for (const change of pageChanges) {
      if (change.kind !== 'write-file' || change.fileContent === undefined || change.file === undefined) continue;
      for (const file of relativeAssetLinks(parsePageFile(change.fileContent).content, change.file)) {
        if (seen.has(file) || scan.state.assets[file]) continue;
        seen.add(file);
        if (scan.otherFiles.has(file)) continue;
        try {
          wikiPathToFile(file.replace(/\.[^./]+$/, ''), 'markdown', 'asset');
        } catch (error) {
          scan.refused.push({ path: file, file, reason: messageOf(error) });
          continue;
        }
        changes.push({ kind: 'download-asset', path: `/${joinWikiPath(scan.prefix, file)}`, file, baseFileHash: null, reason: 'asset referenced by a page' });
      }
    }
  }
  return changes;
}
