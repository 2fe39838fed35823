/**
 * The layout rule of docs/architecture: imports go downwards only, never in a circle. The graph
 * is built from every `import`, `import type`, `export … from` and `import()` in src/ (type-only
 * edges count: a type circle is still a circle for the reader), with TypeScript's own scanner.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const SRC = resolve(import.meta.dirname, '../../src');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = join(dir, name);
    if (statSync(full).isDirectory()) return sourceFiles(full);
    return name.endsWith('.ts') && !name.endsWith('.d.ts') ? [full] : [];
  });
}

/** `./a.js` → `src/…/a.ts` (or `a/index.ts`); undefined for packages and node: modules. */
function resolveSpecifier(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith('.')) return undefined;
  const base = resolve(dirname(from), specifier).replace(/\.js$/, '');
  for (const candidate of [`${base}.ts`, join(base, 'index.ts')]) {
    try {
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not this one
    }
  }
  throw new Error(`${relative(SRC, from)} imports ${specifier}, which is not a file in src/`);
}

/** src-relative path → the src-relative paths it imports. */
export function importGraph(root = SRC): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(root)) {
    const info = ts.preProcessFile(readFileSync(file, 'utf8'), true, true);
    const targets = info.importedFiles.flatMap((ref) => {
      const target = resolveSpecifier(file, ref.fileName);
      return target === undefined ? [] : [relative(root, target)];
    });
    graph.set(relative(root, file), [...new Set(targets)].sort());
  }
  return graph;
}

/** Every elementary circle reachable by a depth-first walk, each as `a > b > … > a`. */
export function findCycles(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const cycles: string[] = [];
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') cycles.push([...stack.slice(stack.indexOf(next)), next].join(' > '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of [...graph.keys()].sort()) if (!state.has(node)) visit(node);
  return cycles;
}

const layer = (path: string): string => (path.includes('/') ? path.slice(0, path.indexOf('/')) : path);

/** Layer → the layers it must never import (the layers above it, and its siblings). */
const FORBIDDEN: Readonly<Record<string, readonly string[]>> = {
  transport: ['model', 'wikijs', 'mediawiki', 'ops', 'cli', 'sandbox', 'mcp', 'index.ts', 'spi.ts'],
  model: ['wikijs', 'mediawiki', 'ops', 'cli', 'sandbox', 'mcp', 'index.ts', 'spi.ts'],
  wikijs: ['mediawiki', 'ops', 'cli', 'sandbox', 'mcp', 'index.ts', 'spi.ts'],
  mediawiki: ['wikijs', 'ops', 'cli', 'sandbox', 'mcp', 'index.ts', 'spi.ts'],
  ops: ['cli', 'sandbox', 'mcp', 'index.ts', 'spi.ts'],
};

export function layerViolations(graph: ReadonlyMap<string, readonly string[]>): string[] {
  const out: string[] = [];
  for (const [file, targets] of graph) {
    const forbidden = FORBIDDEN[layer(file)] ?? [];
    for (const target of targets) if (forbidden.includes(layer(target))) out.push(`${file} > ${target}`);
  }
  return out.sort();
}

describe('src/ import graph', () => {
  const graph = importGraph();

  it('sees the whole tree, type-only and lazy imports included', () => {
    expect(graph.size).toBeGreaterThan(150);
    // A lazy import() and an `import type` are edges too.
    expect(graph.get('sandbox/dialects.ts')).toContain('sandbox/v2/app.ts');
    expect(graph.get('wikijs/backend.ts')).toContain('wikijs/resource.ts');
  });

  it('has no import circle', () => {
    expect(findCycles(graph)).toEqual([]);
  });

  it('imports go downwards only: transport < model < wikijs | mediawiki < ops < cli | sandbox | mcp', () => {
    expect(layerViolations(graph)).toEqual([]);
  });

  it('the checks catch what they are for', () => {
    const bad = new Map([
      ['wikijs/a.ts', ['wikijs/b.ts']],
      ['wikijs/b.ts', ['wikijs/c.ts', 'mediawiki/x.ts']],
      ['wikijs/c.ts', ['wikijs/a.ts']],
      ['transport/t.ts', ['model/page.ts']],
      ['mediawiki/x.ts', []],
      ['model/page.ts', []],
    ]);
    expect(findCycles(bad)).toEqual(['wikijs/a.ts > wikijs/b.ts > wikijs/c.ts > wikijs/a.ts']);
    expect(layerViolations(bad)).toEqual(['transport/t.ts > model/page.ts', 'wikijs/b.ts > mediawiki/x.ts']);
  });
});
