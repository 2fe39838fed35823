/**
 * Fault runs against a Wiki.js: the in-process sandbox by default, the real Wiki.js when
 * WIKIJS_URL + WIKIJS_TOKEN are set (the contract project's two targets). Small sizes here; the
 * full sizes of the issue run in `npm run bench -- faults`. Each run prints its figure line.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { wikiJsTarget, type WikiJsTarget } from '../helpers/wikijs-target.js';
import { publish, runId, size, type RunFigures } from './harness.js';
import { exportImportRun, mixedOpsRun, syncPushRun } from './wikijs-runs.js';

function expectClean(f: RunFigures): void {
  publish(f);
  expect({ lost: f.lost, duplicated: f.duplicated, stale: f.stale, wrongContent: f.wrongContent, unreported: f.failuresUnreported }).toEqual({ lost: 0, duplicated: 0, stale: 0, wrongContent: 0, unreported: 0 });
  if (f.rerunExitCode !== undefined) expect(f.rerunExitCode).toBe(0);
  // Not vacuous: faults were injected, and hit the job.
  expect(f.faults).toBeGreaterThan(0);
}

describe('fault runs against Wiki.js', () => {
  let target: WikiJsTarget;
  const prefix = `wikikit-faults/${runId()}`;
  beforeAll(async () => {
    target = await wikiJsTarget();
    if (target.real) process.env['FAULTS_REAL'] = '1';
  });
  afterAll(async () => {
    await target.close();
  });

  it('mixed create/update/move/delete/tag operations', async () => {
    expectClean(await mixedOpsRun(target, size(150, 1000, 30), `${prefix}/mixed`));
  }, 900_000);

  it('sync push, then an edit round with pages changed on the wiki by another writer', async () => {
    const f = await syncPushRun(target, size(40, 500, 10), size(8, 20, 4), `${prefix}/sync`);
    expectClean(f);
    expect(f.exitCode === 0 || f.failuresReported > 0).toBe(true);
  }, 900_000);

  it('export then import', async () => {
    expectClean(await exportImportRun(target, size(40, 500, 10), `${prefix}/export`));
  }, 900_000);
});
