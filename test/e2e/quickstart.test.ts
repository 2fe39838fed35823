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
    // A clean stop: the sandbox closes itself, and Apollo is told not to re-raise the signal.
    expect(result.code, result.stderr).toBe(0);
  }, 120_000);
});
