import { describe, expect, it } from 'vitest';
import { assertBuilt, spawnBin } from './bin.js';

describe('npm start (wikikit quickstart, built binary)', () => {
  it('starts a sandbox, syncs the example handbook, prints a URL a person can read, and stops on Ctrl-C', async () => {
    assertBuilt();
    const { child, done } = spawnBin(['quickstart', '--port', '0'], {});
    let stdout = '';
    child.stdout?.on('data', (d: string) => (stdout += d));
    while (!/Read the handbook at (\S+)/.test(stdout) && child.exitCode === null) await new Promise((r) => setTimeout(r, 50));
    const url = /Read the handbook at (\S+)/.exec(stdout)?.[1];
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/handbook\/home$/);

    const home = await fetch(url!);
    expect(home.status).toBe(200);
    expect(await home.text()).toContain('Platform Team Handbook');
    const overview = await (await fetch(new URL('/handbook/architecture/overview', url))).text();
    expect(overview).toContain('../images/architecture.png');
    const image = await fetch(new URL('/handbook/images/architecture.png', url));
    expect(image.status).toBe(200);
    expect(new Uint8Array(await image.arrayBuffer()).slice(1, 4)).toEqual(new TextEncoder().encode('PNG'));

    child.kill('SIGINT');
    const result = await done;
    expect(result.stderr).toContain('13 created, 1 uploaded');
    expect(result.stderr).toContain('stopping the sandbox');
    // TODO(sandbox): Apollo's stopOnTerminationSignals re-raises SIGINT after our clean stop, so
    // the exit is by signal today; with `stopOnTerminationSignals: false` in the sandbox this is 0.
    expect(result.code === 0 || result.signal === 'SIGINT', result.stderr).toBe(true);
  }, 120_000);
});
