/**
 * Fault runs against the real MediaWiki (the `mediawiki` project starts it). Small sizes here;
 * `npm run bench -- faults` runs the sizes (200 edits, 5 MB upload).
 */
import { describe, expect, it } from 'vitest';
import { mediaWikiEnv } from '../helpers/mediawiki-env.js';
import { publish, runId, size, type RunFigures } from './harness.js';
import { chunkedUploadRun, mediaWikiEditsRun, migrationRun } from './mediawiki-runs.js';

const env = mediaWikiEnv();

function expectClean(f: RunFigures): void {
  publish(f);
  expect({ lost: f.lost, duplicated: f.duplicated, stale: f.stale, wrongContent: f.wrongContent, unreported: f.failuresUnreported }).toEqual({ lost: 0, duplicated: 0, stale: 0, wrongContent: 0, unreported: 0 });
  if (f.rerunExitCode !== undefined) expect(f.rerunExitCode).toBe(0);
  expect(f.faults).toBeGreaterThan(0);
}

describe.skipIf(!env)('fault runs against the real MediaWiki', () => {
  const id = runId();

  it('edits mixing edit, appendtext and update(transform), with a second writer', async () => {
    expectClean(await mediaWikiEditsRun(env!, size(40, 200), `Wikikit faults ${id}`));
  }, 900_000);

  it('a migration into a Wiki.js, rerun with --resume', async () => {
    expectClean(await migrationRun(env!, size(12, 100), `Wikikit faults ${id}`));
  }, 900_000);

  it('a chunked upload', async () => {
    expectClean(await chunkedUploadRun(env!, size(1_500_000, 5 * 1024 * 1024), size(256 * 1024, 1024 * 1024), `Wikikit-faults-${id}.png`));
  }, 900_000);
});
