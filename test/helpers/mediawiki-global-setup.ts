import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseExports, readMediaWikiEnv, UNAVAILABLE_VAR } from './mediawiki-env.js';

const START_SCRIPT = resolve(import.meta.dirname, '../../scripts/mediawiki-start.sh');

async function reachable(apiUrl: string): Promise<boolean> {
  try {
    const response = await fetch(`${apiUrl}?action=query&meta=siteinfo&format=json`, { signal: AbortSignal.timeout(5000) });
    return response.ok && (await response.text()).includes('"generator":"MediaWiki');
  } catch {
    return false;
  }
}

function start(): Promise<{ ok: true; exports: Record<string, string> } | { ok: false; reason: string }> {
  return new Promise((done) => {
    if (!existsSync(START_SCRIPT)) {
      done({ ok: false, reason: `${START_SCRIPT} is missing` });
      return;
    }
    execFile('bash', [START_SCRIPT], { timeout: 240_000, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) {
        const lines = stderr.trim().split('\n');
        const reason = lines.filter((line) => line.includes('ERROR')).at(-1) ?? lines.at(-1) ?? error.message;
        done({ ok: false, reason: reason.trim() });
        return;
      }
      done({ ok: true, exports: parseExports(stdout) });
    });
  });
}

function banner(reason: string): void {
  const line = '!'.repeat(100);
  console.error(`\n${line}\n!!! MEDIAWIKI TESTS SKIPPED: ${reason}\n!!! (run \`bash scripts/mediawiki-start.sh\` as root on Debian 12 to enable them)\n${line}\n`);
}

/**
 * vitest globalSetup of the `mediawiki` project: uses the running test wiki, or starts it with
 * scripts/mediawiki-start.sh; when that is impossible, prints ONE loud banner and marks the wiki
 * unavailable so the suites skip with that reason (mediaWikiEnv() returns undefined).
 */
export default async function setup(): Promise<void> {
  if (process.env['WIKIKIT_SKIP_MEDIAWIKI']) {
    process.env[UNAVAILABLE_VAR] = 'WIKIKIT_SKIP_MEDIAWIKI is set';
    banner(process.env[UNAVAILABLE_VAR]);
    return;
  }
  const known = readMediaWikiEnv();
  if (known && (await reachable(known.apiUrl))) {
    exportEnv(known);
    return;
  }
  const started = await start();
  if (!started.ok) {
    process.env[UNAVAILABLE_VAR] = started.reason;
    banner(`could not start the local MediaWiki: ${started.reason}`);
    return;
  }
  for (const [name, value] of Object.entries(started.exports)) process.env[name] = value;
  const env = readMediaWikiEnv();
  if (!env || !(await reachable(env.apiUrl))) {
    process.env[UNAVAILABLE_VAR] = 'started, but the API does not answer';
    banner(process.env[UNAVAILABLE_VAR]);
  }
}

function exportEnv(env: NonNullable<ReturnType<typeof readMediaWikiEnv>>): void {
  process.env['MW_API_URL'] = env.apiUrl;
  process.env['MW_USERNAME'] = env.username;
  process.env['MW_PASSWORD'] = env.password;
  process.env['MW_USERNAME2'] = env.username2;
  process.env['MW_PASSWORD2'] = env.password2;
  process.env['MW_ADMIN_USERNAME'] = env.adminUsername;
  process.env['MW_ADMIN_PASSWORD'] = env.adminPassword;
}
