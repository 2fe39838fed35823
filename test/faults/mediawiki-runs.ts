/**
 * Fault runs against the real MediaWiki, through the fault proxy (which adds maxlag / readonly /
 * ratelimited answers to the generic faults); the final state is read directly from the wiki.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MediaWikiClient } from '../../src/mediawiki/index.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { WikiJsClient } from '../../src/wikijs/index.js';
import { ndjson, run } from '../cli/capture.js';
import type { MediaWikiEnv } from '../helpers/mediawiki-env.js';
import { startFaultProxy, type FaultKind } from '../tools/fault-proxy.js';
import { faultsOf, retriesInLog, retryCounter, rng, SEED, type RunFigures } from './harness.js';

type Op =
  | { kind: 'append'; title: string; marker: string }
  | { kind: 'update'; title: string; marker: string }
  | { kind: 'edit'; title: string; text: string };

function count(haystack: string, needle: string): number {
  let n = 0;
  for (let at = haystack.indexOf(needle); at >= 0; at = haystack.indexOf(needle, at + needle.length)) n++;
  return n;
}

/** Marker lines that cannot be a prefix of one another (`a1` vs `a12`). */
const line = (marker: string): string => `* [${marker}]`;

/**
 * N edits mixing `appendtext` (a duplicate append shows as a marker twice), `update(transform)`
 * (read-modify-write, conflict-safe) and full-text `edit`; a second account appends its own
 * markers meanwhile (they must survive). A failed edit is reported with its title; the rerun
 * reads the page and redoes only what is not there.
 */
export async function mediaWikiEditsRun(env: MediaWikiEnv, operations: number, prefix: string): Promise<RunFigures> {
  const started = Date.now();
  const random = rng(SEED + 10);
  const proxy = await startFaultProxy({ upstream: new URL(env.apiUrl).origin, seed: SEED + 10, rate: 0.25, retryAfterSeconds: 0, lagSeconds: 1, slowMs: 3500 });
  const retries = retryCounter();
  const transport = { onEvent: retries.onEvent, timeoutMs: 3000, retry: { limit: 3, baseDelayMs: 20, maxDelayMs: 200 } };
  const client = new MediaWikiClient({ apiUrl: proxy.via(env.apiUrl), username: env.username, password: env.password }, { transport });
  const direct = new MediaWikiClient({ apiUrl: env.apiUrl, username: env.username, password: env.password });
  const other = new MediaWikiClient({ apiUrl: env.apiUrl, username: env.username2, password: env.password2 });
  const mixed = [...Array(Math.max(2, Math.round(operations / 20))).keys()].map((i) => `${prefix}/Mixed ${i}`);
  const edits = [...Array(Math.max(1, Math.round(operations / 40))).keys()].map((i) => `${prefix}/Edited ${i}`);
  const ours: Op[] = [];
  const theirs: { title: string; marker: string }[] = [];
  const failures: { op: Op; message: string }[] = [];
  const lastEdit = new Map<string, { text: string; index: number }>();
  try {
    await direct.login();
    await other.login();
    for (const title of [...mixed, ...edits]) await direct.edit({ title, text: `Start of ${title}\n` });
    for (let i = 0; i < operations; i++) {
      if (i > 0 && i % 15 === 0) {
        const title = mixed[Math.floor(random() * mixed.length)]!;
        const marker = `o${i}`;
        await other.edit({ title, appendtext: `\n${line(marker)}` });
        theirs.push({ title, marker });
      }
      const roll = random();
      const op: Op =
        roll < 0.4
          ? { kind: 'append', title: mixed[Math.floor(random() * mixed.length)]!, marker: `a${i}` }
          : roll < 0.8
            ? { kind: 'update', title: mixed[Math.floor(random() * mixed.length)]!, marker: `u${i}` }
            : { kind: 'edit', title: edits[Math.floor(random() * edits.length)]!, text: `Edited text ${i} ${random().toString(36).slice(2)}\nsecond line é\n` };
      ours.push(op);
      if (op.kind === 'edit') lastEdit.set(op.title, { text: op.text, index: ours.length - 1 });
      try {
        await apply(client, op);
      } catch (error) {
        failures.push({ op, message: error instanceof Error ? error.message : String(error) });
      }
    }
    // The rerun: faults off; each failed item is re-read and redone only when it is not there.
    proxy.setEnabled(false);
    let rerunFailures = 0;
    for (const { op } of failures) {
      const [page] = await client.getMany(op.title);
      const content = page?.content ?? '';
      const there = op.kind === 'edit' ? content.trimEnd() === op.text.trimEnd() || lastEdit.get(op.title)?.text !== op.text : count(content, line(op.marker)) > 0;
      if (!there) await apply(client, op).catch(() => rerunFailures++);
    }

    // The truth, read directly.
    const pages = new Map((await direct.getMany([...mixed, ...edits])).map((p) => [p.title, p.content ?? '']));
    let lost = 0;
    let duplicated = 0;
    let wrongContent = 0;
    let stale = 0;
    for (const op of ours) {
      const content = pages.get(op.title) ?? '';
      if (op.kind === 'edit') continue;
      const n = count(content, line(op.marker));
      if (n === 0) lost++;
      if (n > 1) duplicated += n - 1;
    }
    for (const t of theirs) if (count(pages.get(t.title) ?? '', line(t.marker)) !== 1) stale++;
    for (const [title, { text }] of lastEdit) {
      const content = pages.get(title) ?? '';
      if (content.trimEnd() !== text.trimEnd()) {
        if (ours.some((op) => op.kind === 'edit' && op.title === title && op.text.trimEnd() === content.trimEnd())) lost++;
        else wrongContent++;
      }
    }
    return {
      run: 'mediawiki edits (edit / appendtext / update(transform))',
      target: 'real MediaWiki',
      operations: ours.length,
      ...faultsOf(proxy),
      lost,
      duplicated,
      stale,
      wrongContent,
      failuresReported: failures.filter((f) => f.op.title !== '' && f.message !== '').length,
      failuresUnreported: rerunFailures,
      reruns: 1,
      retries: retries.count(),
      ms: Date.now() - started,
    };
  } finally {
    await Promise.all([client.close(), direct.close(), other.close(), proxy.close()]);
  }
}

async function apply(client: MediaWikiClient, op: Op): Promise<void> {
  switch (op.kind) {
    case 'append':
      await client.edit({ title: op.title, appendtext: `\n${line(op.marker)}`, summary: `append ${op.marker}` });
      return;
    case 'update':
      await client.update(op.title, (page) => `${page.content.trimEnd()}\n${line(op.marker)}\n`, { summary: `update ${op.marker}` });
      return;
    case 'edit':
      await client.edit({ title: op.title, text: op.text, summary: 'edit' });
      return;
  }
}

/** A PNG header followed by random bytes: MediaWiki takes it as a PNG; every run is unique. */
function bigPng(bytes: number): Uint8Array {
  const head = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAgAAAAICAIAAABLbSncAAAAEklEQVR4nGP4z8CAFWEXHQoJAAtnBf/2Ib2PAAAAAElFTkSuQmCC', 'base64');
  return new Uint8Array(Buffer.concat([head, randomBytes(bytes - head.length)]));
}

/**
 * A chunked upload through the proxy (dropped mid-upload, reset, 5xx, throttled); rerun (faults
 * on) until it succeeds; the wiki must then hold exactly one revision of the file, with our bytes.
 */
export async function chunkedUploadRun(env: MediaWikiEnv, bytes: number, chunkSize: number, name: string): Promise<RunFigures> {
  const started = Date.now();
  const proxy = await startFaultProxy({ upstream: new URL(env.apiUrl).origin, seed: SEED + 20, rate: 0.25, retryAfterSeconds: 0, slowMs: 500, target: (k) => k.name === 'mw upload' });
  const retries = retryCounter();
  const client = new MediaWikiClient({ apiUrl: proxy.via(env.apiUrl), username: env.username, password: env.password }, { transport: { onEvent: retries.onEvent, retry: { limit: 3, baseDelayMs: 20, maxDelayMs: 200 } } });
  const direct = new MediaWikiClient({ apiUrl: env.apiUrl, username: env.username, password: env.password });
  const data = bigPng(bytes);
  const sha1 = createHash('sha1').update(data).digest('hex');
  const failures: string[] = [];
  let reruns = 0;
  try {
    for (let attempt = 0; attempt < 6; attempt++) {
      try {
        await client.upload(name, data, { chunkSize, comment: 'fault run' });
        break;
      } catch (error) {
        failures.push(error instanceof Error ? error.message : String(error));
        reruns++;
      }
    }
    const info = await direct.request({ action: 'query', titles: `File:${name}`, prop: 'imageinfo', iiprop: 'sha1|size', iilimit: 'max' });
    const pages = ((info['query'] as { pages?: { imageinfo?: { sha1: string; size: number }[] }[] } | undefined)?.pages ?? []);
    const revisions = pages[0]?.imageinfo ?? [];
    return {
      run: `chunked upload ${(bytes / 1024 / 1024).toFixed(1)} MB in ${Math.ceil(bytes / chunkSize)} chunks`,
      target: 'real MediaWiki',
      operations: Math.ceil(bytes / chunkSize) + 1,
      ...faultsOf(proxy),
      lost: revisions.length === 0 ? 1 : 0,
      duplicated: Math.max(0, revisions.length - 1),
      stale: 0,
      wrongContent: revisions.some((r) => r.sha1 !== sha1 || r.size !== bytes) ? 1 : 0,
      failuresReported: failures.filter((m) => m !== '').length,
      failuresUnreported: 0,
      exitCode: failures.length > 0 ? 1 : 0,
      rerunExitCode: revisions.length === 1 ? 0 : 1,
      reruns,
      retries: retries.count(),
      ms: Date.now() - started,
    };
  } finally {
    await Promise.all([client.close(), direct.close(), proxy.close()]);
  }
}

/**
 * `wikikit migrate` of N MediaWiki pages into a Wiki.js sandbox, both sides through fault
 * proxies, rerun with `--resume` until it exits 0. The oracle is the same migration run without
 * faults into a second sandbox: the two end states must be the same pages with the same content.
 */
export async function migrationRun(env: MediaWikiEnv, count: number, prefix: string): Promise<RunFigures> {
  const started = Date.now();
  const direct = new MediaWikiClient({ apiUrl: env.apiUrl, username: env.username, password: env.password });
  const titles = [...Array(count).keys()].map((i) => `${prefix}/M${i}`);
  const work = await mkdtemp(join(tmpdir(), 'wikikit-faults-migrate-'));
  await using faulted = await startSandbox({ port: 0, quiet: true });
  await using reference = await startSandbox({ port: 0, quiet: true });
  const source = await startFaultProxy({ upstream: new URL(env.apiUrl).origin, seed: SEED + 30, rate: 0.2, retryAfterSeconds: 0, slowMs: 1500 });
  const sink = await startFaultProxy({ upstream: faulted.url, seed: SEED + 31, rate: 0.25, retryAfterSeconds: 0, slowMs: 1500 });
  try {
    for (const [i, title] of titles.entries()) {
      const next = titles[(i + 1) % titles.length]!;
      await direct.edit({ title, text: `== Section ${i} ==\nPage '''${i}''' links to [[${next}]] and [[${next}|the next one]].\n* item é ${i}\n[[Category:Wikikit faults]]\n` });
    }
    const argv = (from: string, to: string, mapping: string): string[] => ['migrate', '--from', from, '--to', to, '--prefix', 'migrated', '--mapping', mapping, '--title', ...titles];
    const base = { HOME: work, WIKIKIT_CONFIG: join(work, 'config.json'), WIKIKIT_USERNAME: env.username, WIKIKIT_PASSWORD: env.password };
    const ref = await run(['--json', ...argv(env.apiUrl, reference.url, 'ref.json')], { env: { ...base, WIKIKIT_TOKEN: reference.token }, cwd: work });
    if (ref.code !== 0) throw new Error(`reference migration failed (${ref.code}): ${ref.stderr}${ref.stdout.slice(-2000)}`);
    const faultedEnv = { ...base, WIKIKIT_TOKEN: faulted.token };
    const fromProxy = source.via(env.apiUrl);
    const first = await run(['--json', '--verbose', '--timeout', '1', ...argv(fromProxy, sink.url, 'map.json')], { env: faultedEnv, cwd: work });
    let code = first.code;
    let reruns = 0;
    let retries = retriesInLog(first.stderr);
    while (code !== 0 && reruns < 6) {
      const again = await run(['--json', '--verbose', '--timeout', '1', ...argv(fromProxy, sink.url, 'map.json'), '--resume'], { env: faultedEnv, cwd: work });
      code = again.code;
      retries += retriesInLog(again.stderr);
      reruns++;
    }
    // Each failed page or file is in the JSON report with its title.
    const failedItems = ndjson(first.stdout).flatMap((e) => {
      const report = e['report'] as { pages?: { failed?: { title?: string }[] }; files?: { failed?: { title?: string }[] } } | undefined;
      return [...(report?.pages?.failed ?? []), ...(report?.files?.failed ?? [])];
    });
    const read = async (url: string, token: string): Promise<Map<string, string>> => {
      const client = new WikiJsClient({ url, apiKey: token }, { version: 2, cache: false });
      try {
        const listed = (await client.pages.list()).filter((p) => p.path.startsWith('migrated/'));
        const pages = await client.pages.getMany(listed.map((p) => p.id));
        return new Map(pages.flatMap((p) => (p ? [[p.path, p.content] as const] : [])));
      } finally {
        await client.close();
      }
    };
    const want = await read(reference.url, reference.token);
    const got = await read(faulted.url, faulted.token);
    let lost = 0;
    let wrongContent = 0;
    for (const [path, content] of want) {
      const actual = got.get(path);
      if (actual === undefined) lost++;
      // The provenance footer names the source URL: the proxy's, in the faulted run.
      else if (actual.split(source.url).join(new URL(env.apiUrl).origin) !== content) {
        wrongContent++;
        if (process.env['FAULTS_DEBUG']) console.log(JSON.stringify({ path, actual, content }));
      }
    }
    const duplicated = [...got.keys()].filter((p) => !want.has(p)).length;
    const injected: Partial<Record<FaultKind, number>> = {};
    for (const s of [source.stats(), sink.stats()]) for (const [k, v] of Object.entries(s.injected)) injected[k as FaultKind] = (injected[k as FaultKind] ?? 0) + v;
    return {
      run: `migration of ${count} pages`,
      target: 'real MediaWiki → sandbox',
      operations: count,
      faults: source.stats().faults + sink.stats().faults,
      injected,
      lost: lost + (want.size < count ? count - want.size : 0),
      duplicated,
      stale: 0,
      wrongContent,
      failuresReported: failedItems.length,
      failuresUnreported: (first.code !== 0 && failedItems.length === 0 && !first.stdout.includes('"type":"error"') ? 1 : 0) + failedItems.filter((f) => !f.title).length,
      exitCode: first.code,
      rerunExitCode: code,
      reruns,
      retries,
      ms: Date.now() - started,
    };
  } finally {
    await Promise.all([direct.close(), source.close(), sink.close()]);
    await rm(work, { recursive: true, force: true });
  }
}
