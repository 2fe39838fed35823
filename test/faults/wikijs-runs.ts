/**
 * Fault runs of real jobs against a Wiki.js (the sandbox, or a real Wiki.js), through the fault
 * proxy; the final state is read directly from the server and compared with the intended one.
 */
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConflictError } from '../../src/errors.js';
import { startSandbox } from '../../src/sandbox/index.js';
import { WikiJsClient } from '../../src/wikijs/index.js';
import { ndjson, run } from '../cli/capture.js';
import { startFaultProxy, type FaultKind, type FaultProxy } from '../tools/fault-proxy.js';
import { faultsOf, retriesInLog, retryCounter, rng, SEED, type RunFigures } from './harness.js';

export interface WikiJsFaultTarget {
  readonly url: string;
  readonly token: string;
  readonly real: boolean;
}

/** Proxy settings per target: a real Wiki.js is slow (seconds per create), so no timeouts there. */
function proxyFor(target: WikiJsFaultTarget, seed: number, rate: number): Promise<FaultProxy> {
  const faults: FaultKind[] | undefined = target.real ? ['reset-before', 'reset-after', 'http-500', 'http-502', 'http-503', 'http-504', 'throttle-429', 'throttle-503', 'truncated-body', 'drop-mid-upload'] : undefined;
  return startFaultProxy({ upstream: target.url, seed, rate, retryAfterSeconds: target.real ? 1 : 0, slowMs: 1500, ...(faults ? { faults } : {}) });
}

const cliTimeout = (target: WikiJsFaultTarget): string[] => (target.real ? [] : ['--timeout', '1']);

interface Known {
  id: number;
  content: string;
  tags: string[];
  updatedAt: string;
  /** Set when another writer changed the page after we last saw it. */
  other?: string;
}

type Op =
  | { kind: 'create'; path: string; content: string; tags: string[] }
  | { kind: 'update'; path: string; content: string }
  | { kind: 'tag'; path: string; tags: string[] }
  | { kind: 'move'; path: string; to: string }
  | { kind: 'delete'; path: string };

/**
 * N mixed operations (create/update/move/delete/tag) through the proxy, with another writer
 * changing pages directly every 20 operations (our later update must be refused, not win).
 * A failed operation is reported with its path; the rerun re-reads, then finishes what did not
 * happen — never re-sending blindly.
 */
export async function mixedOpsRun(target: WikiJsFaultTarget, operations: number, prefix: string): Promise<RunFigures> {
  const started = Date.now();
  const random = rng(SEED);
  const proxy = await proxyFor(target, SEED, 0.2);
  const retries = retryCounter();
  const client = new WikiJsClient({ url: proxy.url, apiKey: target.token }, { version: 2, cache: false, transport: { onEvent: retries.onEvent, ...(target.real ? {} : { timeoutMs: 1000 }), retry: { limit: 3, baseDelayMs: 10, maxDelayMs: 50 } } });
  const direct = new WikiJsClient({ url: target.url, apiKey: target.token }, { version: 2, cache: false });
  const intended = new Map<string, Known>();
  const ours = new Map<string, Set<string>>(); // contents we wrote per page id
  const failures: { op: Op; message: string }[] = [];
  const pending = new Set<string>(); // paths whose last op outcome is not known yet
  let stale = 0;
  let n = 0;
  const wrote = (id: number, content: string): void => {
    ours.set(String(id), (ours.get(String(id)) ?? new Set()).add(content));
  };
  const pick = (): string | undefined => {
    const paths = [...intended.keys()].filter((p) => !pending.has(p));
    return paths.length === 0 ? undefined : paths[Math.floor(random() * paths.length)];
  };
  const nextOp = (i: number): Op => {
    const roll = random();
    const path = pick();
    if (path === undefined || roll < 0.3) return { kind: 'create', path: `${prefix}/p${i}`, content: `created ${i} ${random().toString(36).slice(2)}\n`, tags: random() < 0.5 ? ['fault'] : [] };
    if (roll < 0.6) return { kind: 'update', path, content: `updated ${i} ${random().toString(36).slice(2)}\n` };
    if (roll < 0.75) return { kind: 'tag', path, tags: [`t${i % 7}`, 'fault'] };
    if (roll < 0.88) return { kind: 'move', path, to: `${prefix}/m${i}` };
    return { kind: 'delete', path };
  };

  /** Runs one op; on success updates the intended state. Throws what the client threw. */
  const apply = async (op: Op, via: WikiJsClient): Promise<void> => {
    const known = intended.get(op.path);
    switch (op.kind) {
      case 'create': {
        const page = await via.pages.create({ path: op.path, title: op.path.split('/').pop() ?? op.path, content: op.content, tags: op.tags });
        intended.set(op.path, { id: page.id as number, content: op.content, tags: [...op.tags].sort(), updatedAt: page.updatedAt });
        wrote(page.id as number, op.content);
        return;
      }
      case 'update':
      case 'tag': {
        if (!known) return;
        const page = await via.pages.update(known.id, op.kind === 'update' ? { content: op.content } : { tags: op.tags }, { expectedRevision: known.updatedAt });
        if (known.other !== undefined) stale++; // the other writer's change was overwritten
        if (op.kind === 'update') wrote(known.id, op.content);
        intended.set(op.path, { ...known, content: page.content, tags: [...page.tags].sort(), updatedAt: page.updatedAt });
        return;
      }
      case 'move':
        if (!known) return;
        await via.pages.move(known.id, op.to);
        intended.delete(op.path);
        intended.set(op.to, known);
        return;
      case 'delete':
        if (!known) return;
        await via.pages.delete(known.id);
        intended.delete(op.path);
        return;
    }
  };

  /** After a failure: what does the server (through the proxy, faults off) say happened? */
  const settle = async (op: Op): Promise<'applied' | 'not-applied' | 'conflict'> => {
    const known = intended.get(op.path);
    const read = async (path: string) => client.pages.get({ path }).catch(() => undefined);
    switch (op.kind) {
      case 'create': {
        const page = await read(op.path);
        if (!page) return 'not-applied';
        if (page.content !== op.content) return 'conflict';
        intended.set(op.path, { id: page.id as number, content: page.content, tags: [...page.tags].sort(), updatedAt: page.updatedAt });
        wrote(page.id as number, op.content);
        return 'applied';
      }
      case 'update':
      case 'tag': {
        if (!known) return 'applied';
        const page = await client.pages.get(known.id);
        const done = op.kind === 'update' ? page.content === op.content : [...page.tags].sort().join() === [...op.tags].sort().join();
        if (done) {
          intended.set(op.path, { ...known, content: page.content, tags: [...page.tags].sort(), updatedAt: page.updatedAt });
          return 'applied';
        }
        return page.updatedAt === known.updatedAt ? 'not-applied' : 'conflict';
      }
      case 'move': {
        if (!known) return 'applied';
        const page = await client.pages.get(known.id).catch(() => undefined);
        if (page?.path === op.to) {
          intended.delete(op.path);
          intended.set(op.to, { ...known, updatedAt: page.updatedAt });
          return 'applied';
        }
        return 'not-applied';
      }
      case 'delete': {
        if (!known) return 'applied';
        const page = await client.pages.get(known.id).catch(() => undefined);
        if (!page) {
          intended.delete(op.path);
          return 'applied';
        }
        return 'not-applied';
      }
    }
  };

  try {
    for (let i = 0; i < operations; i++) {
      if (i > 0 && i % 20 === 0) {
        // Another writer, straight to the server: our knowledge of this page is now stale.
        const path = pick();
        const known = path === undefined ? undefined : intended.get(path);
        if (path !== undefined && known) {
          const content = `other writer ${i}\n`;
          const page = await direct.pages.update(known.id, { content });
          known.other = content;
          known.content = content;
          known.tags = [...page.tags].sort();
          // known.updatedAt stays what WE last saw: our next write must be refused.
        }
      }
      const op = nextOp(i);
      n++;
      try {
        await apply(op, client);
      } catch (error) {
        if (error instanceof ConflictError && op.kind !== 'create') {
          // Refused because the other writer changed it: correct. The job re-reads and keeps theirs.
          const known = intended.get(op.path);
          if (known) {
            const page = await client.pages.get(known.id).catch(() => undefined);
            if (page) intended.set(op.path, { id: known.id, content: page.content, tags: [...page.tags].sort(), updatedAt: page.updatedAt });
          }
          continue;
        }
        failures.push({ op, message: error instanceof Error ? error.message : String(error) });
        pending.add(op.path);
        if (op.kind === 'move') pending.add(op.to);
      }
    }
    const firstPassFailures = failures.length;
    // The rerun: faults off; re-read each failed item, then finish what did not happen.
    proxy.setEnabled(false);
    let rerunFailures = 0;
    for (const { op } of failures) {
      const outcome = await settle(op);
      if (outcome === 'not-applied') {
        try {
          await apply(op, client);
        } catch {
          rerunFailures++;
        }
      }
      pending.delete(op.path);
      if (op.kind === 'move') pending.delete(op.to);
    }

    // The truth, read directly from the server.
    const listed = (await direct.pages.list()).filter((p) => p.path.startsWith(`${prefix}/`));
    const pages = await direct.pages.getMany(listed.map((p) => p.id));
    let lost = 0;
    let duplicated = 0;
    let wrongContent = 0;
    const actual = new Map(pages.flatMap((p) => (p ? [[p.path, p] as const] : [])));
    for (const [path, want] of intended) {
      const got = actual.get(path);
      if (!got) {
        lost++;
        continue;
      }
      if (got.content !== want.content) {
        if (want.other !== undefined && want.content === want.other && ours.get(String(want.id))?.has(got.content)) stale++;
        else if (ours.get(String(want.id))?.has(got.content)) lost++; // an older write of ours: a later one went missing
        else wrongContent++;
      } else if ([...got.tags].sort().join() !== want.tags.join()) wrongContent++;
    }
    for (const path of actual.keys()) if (!intended.has(path)) duplicated++;
    // The job keeps each failure with its operation and path (and the error's message).
    const reported = failures.filter((f) => f.op.path !== '' && f.message !== '').length;
    return {
      run: `wikijs mixed ops`,
      target: target.real ? 'real Wiki.js' : 'sandbox',
      operations: n,
      ...faultsOf(proxy),
      lost,
      duplicated,
      stale,
      wrongContent,
      failuresReported: reported,
      failuresUnreported: firstPassFailures - reported + rerunFailures,
      reruns: 1,
      retries: retries.count(),
      ms: Date.now() - started,
    };
  } finally {
    await client.close();
    await direct.close();
    await proxy.close();
  }
}

function messageOf(event: Record<string, unknown>): string {
  const message = (event['error'] as { message?: unknown } | undefined)?.message ?? event['reason'];
  return typeof message === 'string' ? message : '';
}

/** Failed items of a CLI run: NDJSON `failed` events and `conflict` events, each with its path. */
function failedItems(stdout: string): { path: string; type: string; message: string }[] {
  return ndjson(stdout)
    .filter((e) => e['type'] === 'failed' || e['type'] === 'conflict' || e['type'] === 'error')
    .map((e) => ({
      type: String(e['type']),
      path: typeof e['file'] === 'string' ? e['file'] : typeof e['path'] === 'string' ? e['path'] : '',
      message: messageOf(e),
    }));
}

interface CliPass {
  code: number;
  failed: { path: string; type: string; message: string }[];
  retries: number;
}

/** Failed items without a path (a whole-job `error` event names no item, and needs none). */
function unnamed(pass: CliPass): number {
  return pass.failed.filter((f) => f.type !== 'error' && f.path === '').length;
}

async function cli(argv: string[], env: Record<string, string>, cwd: string): Promise<CliPass> {
  const result = await run(['--json', '--verbose', ...argv], { env, cwd });
  return { code: result.code, failed: failedItems(result.stdout), retries: retriesInLog(result.stderr) };
}

/** Reruns a CLI job (faults still on) until it exits with a final code (0; 3 where conflicts are expected); at most `limit` reruns. */
async function untilDone(argv: string[], env: Record<string, string>, cwd: string, first: CliPass, final: readonly number[] = [0], limit = 6): Promise<{ code: number; reruns: number; retries: number; last: CliPass }> {
  let pass = first;
  let reruns = 0;
  let retries = 0;
  while (!final.includes(pass.code) && reruns < limit) {
    if (process.env['FAULTS_DEBUG']) console.log(`${argv[0]} pass ${reruns + 1}: exit ${pass.code}, failed ${JSON.stringify(pass.failed.slice(0, 5))}${pass.failed.length > 5 ? ` …${pass.failed.length}` : ''}`);
    pass = await cli(argv, env, cwd);
    reruns++;
    retries += pass.retries;
  }
  return { code: pass.code, reruns, retries, last: pass };
}

async function pagesUnder(direct: WikiJsClient, prefix: string): Promise<Map<string, string>> {
  const listed = (await direct.pages.list()).filter((p) => p.path.startsWith(`${prefix}/`));
  const pages = await direct.pages.getMany(listed.map((p) => p.id));
  return new Map(pages.flatMap((p) => (p ? [[p.path, p.content] as const] : [])));
}

/**
 * `sync push` of N files through the proxy, rerun until it exits 0; then an edit round: some
 * files changed locally, `changedOnWiki` pages changed on the wiki by another writer (half of
 * them also changed locally: real conflicts, which must be refused with exit 3, never overwritten).
 */
export async function syncPushRun(target: WikiJsFaultTarget, files: number, changedOnWiki: number, prefix: string): Promise<RunFigures> {
  const started = Date.now();
  const proxy = await proxyFor(target, SEED + 1, 0.15);
  const work = await mkdtemp(join(tmpdir(), 'wikikit-faults-sync-'));
  const dir = join(work, 'docs');
  const direct = new WikiJsClient({ url: target.url, apiKey: target.token }, { version: 2, cache: false });
  const env = { HOME: work, WIKIKIT_CONFIG: join(work, 'config.json'), WIKIKIT_URL: proxy.url, WIKIKIT_TOKEN: target.token };
  try {
    await mkdir(dir);
    const body = (i: number, round: string): string => `# Page ${i}\n\n${round} body of page ${i}: ${'lorem ipsum '.repeat(i % 5)}\n`;
    const intended = new Map<string, string>();
    for (let i = 0; i < files; i++) {
      await writeFile(join(dir, `page-${i}.md`), body(i, 'first'));
      intended.set(`${prefix}/page-${i}`, body(i, 'first'));
    }
    const argv = ['sync', 'push', dir, '--prefix', prefix, ...cliTimeout(target)];
    const first = await cli(argv, env, work);
    const done = await untilDone(argv, env, work, first);

    // Edit round: local edits to the first `changedOnWiki` files and 10 more; another writer
    // changes `changedOnWiki` pages on the wiki, half of them among the locally edited ones.
    const local = Math.min(files, changedOnWiki + 10);
    for (let i = 0; i < local; i++) {
      await writeFile(join(dir, `page-${i}.md`), body(i, 'second'));
      intended.set(`${prefix}/page-${i}`, body(i, 'second'));
    }
    const onWiki = [...Array(changedOnWiki).keys()].map((k) => (k % 2 === 0 ? k : local + k)).filter((i) => i < files);
    const conflicts = new Set<number>();
    for (const i of onWiki) {
      const page = await direct.pages.get({ path: `${prefix}/page-${i}` });
      const text = `# Page ${i}\n\nchanged on the wiki by another writer\n`;
      await direct.pages.update(page.id, { content: text });
      intended.set(`${prefix}/page-${i}`, text); // theirs must survive
      if (i < local) conflicts.add(i);
    }
    const edit = await cli(argv, env, work);
    const editDone = await untilDone(argv, env, work, edit, conflicts.size > 0 ? [3] : [0]);
    // Every conflict is reported with its file by the pass that finished, whose exit code says so (3).
    // (A pass cut short by a fault in its scan reports that error instead, and is rerun.)
    const reportedConflicts = new Set(editDone.last.failed.filter((f) => f.type === 'conflict').map((f) => f.path));

    const actual = await pagesUnder(direct, prefix);
    let lost = 0;
    let stale = 0;
    let wrongContent = 0;
    let refusedReported = 0;
    const finalReported = new Set(editDone.last.failed.map((f) => f.path));
    for (const [path, want] of intended) {
      const got = actual.get(path);
      const i = Number(path.split('-').pop());
      if (got === undefined) lost++;
      else if (got.trimEnd() !== want.trimEnd()) {
        if (onWiki.includes(i)) stale++;
        else if (got.includes('first') && finalReported.has(`page-${i}.md`)) refusedReported++; // refused, and said so: not lost
        else if (got.includes('first')) lost++;
        else wrongContent++;
        if (process.env['FAULTS_DEBUG']) {
          const state = JSON.parse(await readFile(join(dir, '.wikikit-sync.json'), 'utf8').catch(() => '{}')) as { files?: Record<string, unknown> };
          const now = await direct.pages.get({ path }).catch(() => undefined);
          console.log(`sync mismatch ${path}: want ${JSON.stringify(want)} got ${JSON.stringify(got)}; final pass reported ${JSON.stringify(editDone.last.failed.filter((f) => f.path === `page-${i}.md`))}; state ${JSON.stringify(state.files?.[`page-${i}.md`])}; updatedAt now ${now?.updatedAt ?? '?'}`);
        }
      }
    }
    const duplicated = [...actual.keys()].filter((p) => !intended.has(p)).length;
    const unreported = [...conflicts].filter((i) => !reportedConflicts.has(`page-${i}.md`)).length;
    return {
      run: `sync push ${files} files + edit round (${changedOnWiki} changed on the wiki, ${conflicts.size} both sides)`,
      target: target.real ? 'real Wiki.js' : 'sandbox',
      operations: files + local,
      ...faultsOf(proxy),
      lost,
      duplicated,
      stale,
      wrongContent,
      // Refusals of local edits the final pass reported (e.g. the wiki moved on): reported, not lost.
      failuresReported: first.failed.length + edit.failed.length + refusedReported,
      failuresUnreported: unreported + (editDone.code === 3 || conflicts.size === 0 ? 0 : 1) + unnamed(first) + unnamed(edit) + unnamed(editDone.last),
      exitCode: first.code,
      // 0 when both rounds finished: the push exited 0, the edit round exited 3 for its conflicts only.
      rerunExitCode: done.code === 0 && editDone.code === (conflicts.size > 0 ? 3 : 0) ? 0 : Math.max(done.code, editDone.code),
      reruns: done.reruns + editDone.reruns,
      retries: first.retries + done.retries + edit.retries + editDone.retries,
      ms: Date.now() - started,
    };
  } finally {
    await direct.close();
    await proxy.close();
    await rm(work, { recursive: true, force: true });
  }
}

/**
 * `export` of N pages through the proxy (rerun until it exits 0), then `import` of that export
 * into a fresh sandbox, also through a fault proxy; both compared with the source pages.
 */
export async function exportImportRun(target: WikiJsFaultTarget, count: number, prefix: string): Promise<RunFigures> {
  const started = Date.now();
  const direct = new WikiJsClient({ url: target.url, apiKey: target.token }, { version: 2, cache: false });
  const source = new Map<string, string>();
  for (let i = 0; i < count; i++) {
    const content = `# Export ${i}\n\nnon-ASCII: é ü 日本 \u{1F600}; line ${i}\n${'x'.repeat(i * 7)}\n`;
    await direct.pages.create({ path: `${prefix}/e${i}`, title: `E${i}`, content, tags: ['export'] });
    source.set(`${prefix}/e${i}`, content);
  }
  const proxy = await proxyFor(target, SEED + 2, 0.15);
  await using sink = await startSandbox({ port: 0, quiet: true });
  const sinkProxy = await startFaultProxy({ upstream: sink.url, seed: SEED + 3, rate: 0.15, retryAfterSeconds: 0, slowMs: 1500 });
  const work = await mkdtemp(join(tmpdir(), 'wikikit-faults-export-'));
  try {
    const out = join(work, 'backup');
    const exportArgv = ['export', out, '--prefix', prefix, ...cliTimeout(target)];
    const envSource = { HOME: work, WIKIKIT_CONFIG: join(work, 'config.json'), WIKIKIT_URL: proxy.url, WIKIKIT_TOKEN: target.token };
    const first = await cli(exportArgv, envSource, work);
    const exported = await untilDone(exportArgv, envSource, work, first);

    const importArgv = ['import', out, '--timeout', '1'];
    const envSink = { ...envSource, WIKIKIT_URL: sinkProxy.url, WIKIKIT_TOKEN: sink.token };
    const imp = await cli(importArgv, envSink, work);
    const imported = await untilDone(importArgv, envSink, work, imp);

    // The export files themselves, then the sink's pages read directly.
    const manifest = JSON.parse(await readFile(join(out, 'manifest.json'), 'utf8')) as { pages: { path: string; file: string }[] };
    let lost = 0;
    let wrongContent = 0;
    const inExport = new Set(manifest.pages.map((p) => p.path));
    for (const path of source.keys()) if (!inExport.has(path)) lost++;
    const sinkClient = new WikiJsClient({ url: sink.url, apiKey: sink.token }, { version: 2, cache: false });
    const actual = await pagesUnder(sinkClient, prefix);
    await sinkClient.close();
    for (const [path, want] of source) {
      const got = actual.get(path);
      if (got === undefined) lost++;
      else if (got.trimEnd() !== want.trimEnd()) wrongContent++;
    }
    const duplicated = manifest.pages.length - new Set(manifest.pages.map((p) => p.path)).size + [...actual.keys()].filter((p) => !source.has(p)).length;
    const faults = [proxy.stats(), sinkProxy.stats()];
    const injected: Partial<Record<FaultKind, number>> = {};
    for (const s of faults) for (const [k, v] of Object.entries(s.injected)) injected[k as FaultKind] = (injected[k as FaultKind] ?? 0) + v;
    return {
      run: `export ${count} pages then import`,
      target: target.real ? 'real Wiki.js → sandbox' : 'sandbox → sandbox',
      operations: count * 2,
      faults: faults[0]!.faults + faults[1]!.faults,
      injected,
      lost,
      duplicated,
      stale: 0,
      wrongContent,
      failuresReported: first.failed.length + imp.failed.length,
      failuresUnreported: (first.code !== 0 && first.failed.length === 0 ? 1 : 0) + (imp.code !== 0 && imp.failed.length === 0 ? 1 : 0) + unnamed(first) + unnamed(imp),
      exitCode: Math.max(first.code, imp.code),
      rerunExitCode: Math.max(exported.code, imported.code),
      reruns: exported.reruns + imported.reruns,
      retries: first.retries + exported.retries + imp.retries + imported.retries,
      ms: Date.now() - started,
    };
  } finally {
    await direct.close();
    await proxy.close();
    await sinkProxy.close();
    await rm(work, { recursive: true, force: true });
  }
}
