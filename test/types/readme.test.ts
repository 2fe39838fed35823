import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const read = (path: string): string => readFileSync(new URL(path, import.meta.url), 'utf8');

describe('README library example', () => {
  it('is the code that readme-example.ts type-checks, line for line', () => {
    const block = /## Library\n\n```ts\n([\s\S]*?)```/.exec(read('../../README.md'))?.[1];
    expect(block, 'README has a "## Library" ts block').toBeDefined();
    const checked = read('./readme-example.ts');
    const code = block!.split('\n').filter((line) => line.trim() !== '');
    expect(code.length).toBeGreaterThan(10);
    for (const line of code) {
      const expected = line.startsWith('import ') ? line.replace("from 'wikikit'", "from '../../src/index.js'") : `  ${line}`;
      expect(checked, `README line missing from test/types/readme-example.ts: ${line}`).toContain(expected);
    }
  });
});
