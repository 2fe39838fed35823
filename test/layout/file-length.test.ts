/**
 * Small modules with one job: a src/ file over 400 lines says why in its first line
 * (`// Length (…) on purpose: <reason>`), or it is split.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');
const LIMIT = 400;

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    return statSync(full).isDirectory() ? sourceFiles(full) : name.endsWith('.ts') ? [full] : [];
  });
}

export function unjustifiedLongFiles(files: readonly { path: string; text: string }[], limit = LIMIT): string[] {
  return files
    .filter(({ text }) => text.split('\n').length > limit + 1)
    .filter(({ text }) => !/^\/\/ Length \([^)]*\) on purpose: \S.{20,}/.test(text.split('\n', 1)[0] ?? ''))
    .map(({ path }) => path)
    .sort();
}

describe('file length', () => {
  it(`every src/ file over ${LIMIT} lines gives its reason in its first line`, () => {
    const files = sourceFiles(SRC).map((file) => ({ path: relative(SRC, file), text: readFileSync(file, 'utf8') }));
    expect(files.length).toBeGreaterThan(150);
    expect(unjustifiedLongFiles(files)).toEqual([]);
  });

  it('a long file without the reason, or with an empty one, is caught', () => {
    const long = 'x\n'.repeat(LIMIT + 5);
    expect(unjustifiedLongFiles([
      { path: 'a.ts', text: long },
      { path: 'b.ts', text: `// Length (500 lines) on purpose: one parser over one cursor, productions call each other\n${long}` },
      { path: 'c.ts', text: `// Length (500 lines) on purpose: \n${long}` },
      { path: 'd.ts', text: 'short\n' },
    ])).toEqual(['a.ts', 'c.ts']);
  });
});
