import { describe, expect, it } from 'vitest';
import { run } from './capture.js';

/** Every command and subcommand a user can type, each of which must show examples in --help. */
const COMMANDS: string[][] = [
  [],
  ['pages'],
  ['pages', 'ls'],
  ['pages', 'get'],
  ['pages', 'put'],
  ['pages', 'rm'],
  ['pages', 'mv'],
  ['pages', 'history'],
  ['pages', 'search'],
  ['grep'],
  ['tags'],
  ['tags', 'ls'],
  ['assets'],
  ['assets', 'ls'],
  ['assets', 'upload'],
  ['assets', 'download'],
  ['users'],
  ['users', 'ls'],
  ['users', 'create'],
  ['sync'],
  ['sync', 'push'],
  ['sync', 'pull'],
  ['sync', 'status'],
  ['apply'],
  ['export'],
  ['import'],
  ['replace'],
  ['migrate'],
  ['sandbox'],
  ['doctor'],
  ['config'],
  ['config', 'add'],
  ['config', 'list'],
  ['config', 'use'],
  ['config', 'remove'],
  ['quickstart'],
];

describe('--help', () => {
  it.each(COMMANDS.map((c) => [c.join(' ') || '(root)', c]))('%s has examples', async (_name, argv) => {
    const result = await run([...argv, '--help']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: wikikit');
    expect(result.stdout).toMatch(/Examples:\n {2}\$ (wikikit|npm start|\S+=)/);
  });

  it('`help <command>` works like `<command> --help`', async () => {
    const result = await run(['help', 'sync']);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('Usage: wikikit sync');
  });

  it('the root help lists every command', async () => {
    const { stdout } = await run(['--help']);
    for (const name of ['pages', 'grep', 'tags', 'assets', 'users', 'sync', 'apply', 'export', 'import', 'replace', 'migrate', 'sandbox', 'doctor', 'config', 'quickstart']) {
      expect(stdout).toMatch(new RegExp(`^ {2}${name}\\b`, 'm'));
    }
  });
});
