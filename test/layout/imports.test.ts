// The layout rule of the architecture (docs: architecture-and-style, "imports go downwards only,
// never in a circle"), checked on the source: every import, `import type` and `import()` of src/.
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(dirname(fileURLToPath(import.meta.url)), '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : []));
}

/** file (relative to src/) → the src/ files it imports. */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles
      .map((f) => f.fileName)
      .filter((name) => name.startsWith('.'))
      .map((name) => relative(SRC, resolve(dirname(file), name.replace(/\.js$/, '.ts'))));
    graph.set(relative(SRC, file), targets);
  }
  return graph;
}

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.push([...stack.slice(stack.indexOf(next)), next]);
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return found;
}

/** Top folder → folders it must never import (the layers above it, and its siblings). */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  transport: ['model', 'wikijs', 'mediawiki', 'ops', 'cli', 'sandbox', 'mcp'],
  model: ['wikijs', 'mediawiki', 'ops', 'cli', 'sandbox', 'mcp'],
  wikijs: ['mediawiki', 'ops', 'cli', 'sandbox', 'mcp'],
  mediawiki: ['wikijs', 'ops', 'cli', 'sandbox', 'mcp'],
  ops: ['cli', 'sandbox', 'mcp'],
  sandbox: ['cli', 'mcp', 'ops'],
  mcp: ['cli'],
};

const layer = (file: string): string => (file.includes('/') ? file.slice(0, file.indexOf('/')) : '.');

describe('src/ import graph', () => {
  const graph = importGraph();

  it('reads every module and resolves every relative import to a file of src/', () => {
    expect(graph.size).toBeGreaterThan(150);
    const unresolved = [...graph].flatMap(([file, targets]) => targets.filter((t) => !graph.has(t)).map((t) => `${file} -> ${t}`));
    expect(unresolved).toEqual([]);
  });

  it('has no import circle (type-only and dynamic imports included)', () => {
    expect(cycles(graph).map((c) => c.join(' > '))).toEqual([]);
  });

  it('imports go downwards only', () => {
    const wrong = [...graph].flatMap(([file, targets]) => targets.filter((t) => FORBIDDEN[layer(file)]?.includes(layer(t))).map((t) => `${file} -> ${t}`));
    expect(wrong).toEqual([]);
  });

  it('the cycle finder finds a circle when there is one', () => {
    expect(cycles(new Map([['a.ts', ['b.ts']], ['b.ts', ['c.ts']], ['c.ts', ['a.ts']]]))).toEqual([['a.ts', 'b.ts', 'c.ts', 'a.ts']]);
  });
});
