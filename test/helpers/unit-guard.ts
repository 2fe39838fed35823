// Setup file of the `unit` project (vitest.config.ts): a unit test needs no server and no child
// process, so opening a socket or spawning fails loudly instead of quietly making the project slow.
// A test that needs either is an integration test: name it *.integration.test.ts (docs/testing.md).
import childProcess from 'node:child_process';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';

export const UNIT_GUARD_MESSAGE = 'unit tests need no server: move this file to the integration project (rename it *.integration.test.ts, see docs/testing.md)';

function refuse(what: string): never {
  throw new Error(`${UNIT_GUARD_MESSAGE} [${what}]`);
}

net.Server.prototype.listen = function listen(): never {
  return refuse('net.Server.listen');
};
for (const name of ['spawn', 'spawnSync', 'fork', 'exec', 'execSync', 'execFile', 'execFileSync'] as const) {
  Object.defineProperty(childProcess, name, { value: () => refuse(`child_process.${name}`), writable: true, configurable: true });
}
// `import { spawn } from 'node:child_process'` binds the ESM export, not the CommonJS object: resync it.
syncBuiltinESMExports();
