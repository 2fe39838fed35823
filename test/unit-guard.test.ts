// Proves the `unit` project's guard (test/helpers/unit-guard.ts) is installed and fires: without it a
// test that starts a sandbox or spawns the CLI would slip back into the unit project unnoticed.
import * as childProcessNamespace from 'node:child_process';
import childProcess, { execFile, spawn } from 'node:child_process';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createNetServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { startSandbox } from '../src/sandbox/index.js';
import { UNIT_GUARD_MESSAGE } from './helpers/unit-guard.js';

describe('unit project guard', () => {
  it('refuses to listen on a socket: net, http, and the sandbox', async () => {
    expect(() => createNetServer().listen(0)).toThrow(UNIT_GUARD_MESSAGE);
    expect(() => createHttpServer().listen(0, '127.0.0.1')).toThrow(UNIT_GUARD_MESSAGE);
    await expect(startSandbox({ port: 0, quiet: true })).rejects.toThrow(UNIT_GUARD_MESSAGE);
  });

  it('refuses to start a child process, however child_process was imported', () => {
    expect(() => spawn(process.execPath, ['-e', '0'])).toThrow(UNIT_GUARD_MESSAGE);
    expect(() => execFile(process.execPath, ['-e', '0'])).toThrow(UNIT_GUARD_MESSAGE);
    expect(() => childProcess.fork('-e')).toThrow(UNIT_GUARD_MESSAGE);
    expect(() => childProcessNamespace.execSync('true')).toThrow(UNIT_GUARD_MESSAGE);
    expect(() => childProcess.spawnSync(process.execPath, ['-e', '0'])).toThrow(/child_process\.spawnSync/);
  });
});
