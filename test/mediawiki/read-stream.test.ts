import { describe, expect, it } from 'vitest';
import type { ApiParams, ApiResponse } from '../../src/mediawiki/api.js';
import { readPages, streamPages } from '../../src/mediawiki/read.js';

/** A fake api.php: answers each batch after `delayMs`, records concurrency and aborts. */
function fakeWiki(delayMs = 5): { request: (params: ApiParams, signal?: AbortSignal) => Promise<ApiResponse>; peak: () => number; sent: string[][]; aborted: () => number } {
  let inFlight = 0;
  let peak = 0;
  let aborted = 0;
  const sent: string[][] = [];
  const request = async (params: ApiParams, signal?: AbortSignal): Promise<ApiResponse> => {
    const titles = params['titles'] as string[];
    sent.push(titles);
    inFlight++;
    peak = Math.max(peak, inFlight);
    try {
      await new Promise<void>((resolve, reject) => {
        const timer = setTimeout(resolve, delayMs);
        signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          aborted++;
          reject(new Error('aborted'));
        });
      });
    } finally {
      inFlight--;
    }
    return { batchcomplete: true, query: { pages: titles.map((title, i) => ({ title, pageid: i + 1, revisions: [{ revid: 1, timestamp: 't', slots: { main: { content: `text of ${title}` } } }] })) } };
  };
  return { request, peak: () => peak, sent, aborted: () => aborted };
}

describe('streamPages', () => {
  it('yields every page in input order, batches of batchSize, never more than inFlight requests at once', async () => {
    const wiki = fakeWiki();
    const titles = Array.from({ length: 1234 }, (_, i) => `P${i}`);
    const seen: string[] = [];
    for await (const page of streamPages(wiki.request, { titles }, 100, 3)) seen.push(page.content ?? '');
    expect(seen).toEqual(titles.map((t) => `text of ${t}`));
    expect(wiki.sent.map((batch) => batch.length)).toEqual([...Array(12).fill(100), 34]);
    expect(wiki.peak()).toBe(3);
  });

  it('breaking out early aborts the batches still in flight and sends no more', async () => {
    const wiki = fakeWiki(20);
    const titles = Array.from({ length: 1000 }, (_, i) => `P${i}`);
    let count = 0;
    for await (const page of streamPages(wiki.request, { titles }, 50, 4)) {
      expect(page.missing).toBe(false);
      if (++count === 60) break;
    }
    await new Promise((resolve) => setTimeout(resolve, 30));
    expect(wiki.sent.length).toBeLessThanOrEqual(6);
    expect(wiki.aborted()).toBeGreaterThan(0);
  });

  it('readPages: duplicates fetched once, answered at every position', async () => {
    const wiki = fakeWiki(1);
    const pages = await readPages(wiki.request, { titles: ['A', 'B', 'A'] }, 2, 2);
    expect(pages.map((p) => p.requested)).toEqual(['A', 'B', 'A']);
    expect(wiki.sent.flat()).toEqual(['A', 'B']);
  });
});
