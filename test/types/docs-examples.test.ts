// Every ```ts block in README.md and docs/*.md is compiled against the package's public entry points,
// so an example cannot drift from the API it shows. Each block is its own module; `from 'wikikit'`,
// `'wikikit/sandbox'`, … resolve through package.json "exports" to the sources behind them (no build
// needed). A block that is deliberately a fragment opts out with, on the line above its fence:
//   <!-- typecheck: skip — <why it cannot compile on its own> -->
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { beforeAll, describe, expect, it } from 'vitest';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const SKIP = /^<!--\s*typecheck:\s*skip\s*(?:[—:-]+\s*)?(.*?)\s*-->$/;

interface Block {
  readonly doc: string; // relative to the repo root
  readonly line: number; // 1-based line of the first code line
  readonly code: string;
  readonly skipReason?: string;
}

function blocksOf(doc: string, text = readFileSync(join(root, doc), 'utf8')): Block[] {
  const lines = text.split('\n');
  const blocks: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^```(ts|typescript)\s*$/.test(lines[i] ?? '')) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
    if (end < 0) throw new Error(`${doc}:${i + 1}: a ts block that never closes`);
    const skipReason = SKIP.exec((lines[i - 1] ?? '').trim())?.[1];
    blocks.push({ doc, line: i + 2, code: lines.slice(i + 1, end).join('\n'), ...(skipReason === undefined ? {} : { skipReason }) });
    i = end;
  }
  return blocks;
}

const docs = ['README.md', ...readdirSync(join(root, 'docs')).filter((name) => name.endsWith('.md')).sort().map((name) => `docs/${name}`)];
const blocks = docs.flatMap((doc) => blocksOf(doc));

/** `'wikikit/sub'` → the source file behind the "types" of that export (dist/x.d.ts → src/x.ts). */
function publicPaths(): Record<string, string[]> {
  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { name: string; exports: Record<string, { types?: string } | string> };
  const paths: Record<string, string[]> = {};
  for (const [key, target] of Object.entries(pkg.exports)) {
    const types = typeof target === 'string' ? undefined : target.types;
    if (types === undefined) continue;
    const source = types.replace(/^\.\/dist\//, './src/').replace(/\.d\.ts$/, '.ts');
    paths[key === '.' ? pkg.name : `${pkg.name}/${key.replace(/^\.\//, '')}`] = [join(root, source)];
  }
  return paths;
}

function compilerOptions(): ts.CompilerOptions {
  const config = ts.readConfigFile(join(root, 'tsconfig.json'), (path) => ts.sys.readFile(path));
  const { options } = ts.parseJsonConfigFileContent(config.config, ts.sys, root);
  return {
    ...options,
    noEmit: true,
    // Every block is a module (top-level await, no clashes between blocks).
    moduleDetection: ts.ModuleDetectionKind.Force,
    baseUrl: root,
    paths: publicPaths(),
    // The house style, not the API: examples may show a value without using it, and read process.env.X.
    noUnusedLocals: false,
    noUnusedParameters: false,
    noPropertyAccessFromIndexSignature: false,
  };
}

/** Compiles the given modules in one program and returns each one's diagnostics, formatted. */
function check(files: ReadonlyMap<string, string>): Map<string, string[]> {
  const options = compilerOptions();
  const host = ts.createCompilerHost(options, true);
  const readFile = host.readFile.bind(host);
  const fileExists = host.fileExists.bind(host);
  const getSourceFile = host.getSourceFile.bind(host);
  host.readFile = (path) => files.get(path) ?? readFile(path);
  host.fileExists = (path) => files.has(path) || fileExists(path);
  host.getSourceFile = (path, language, onError, create) => {
    const text = files.get(path);
    return text === undefined ? getSourceFile(path, language, onError, create) : ts.createSourceFile(path, text, language, true);
  };
  const program = ts.createProgram([...files.keys()], options, host);
  const result = new Map<string, string[]>();
  for (const path of files.keys()) {
    const source = program.getSourceFile(path);
    const diagnostics = source === undefined ? [] : ts.getPreEmitDiagnostics(program, source);
    result.set(
      path,
      diagnostics.map((d) => {
        const line = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start).line : 0;
        return `${String(line)}: TS${String(d.code)} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`;
      }),
    );
  }
  return result;
}

// Virtual files beside this test, so the package's own package.json ("type": "module") applies.
const fileOf = (block: Block): string => join(root, 'test/types', `.doc-${block.doc.replace(/[/.]/g, '-')}-${String(block.line)}.ts`);
const CANARY = join(root, 'test/types/.doc-canary.ts');
let diagnostics = new Map<string, string[]>();

beforeAll(() => {
  const files = new Map(blocks.filter((block) => block.skipReason === undefined).map((block) => [fileOf(block), block.code]));
  // A block that must fail: proves the check resolves the package and reports what does not exist.
  files.set(CANARY, "import { thisNameIsNotExported } from 'wikikit';\nawait thisNameIsNotExported();\n");
  diagnostics = check(files);
}, 180_000);

describe('README and docs ts examples compile against the public API', () => {
  it('finds the blocks (README has some)', () => {
    expect(blocks.filter((block) => block.doc === 'README.md').length).toBeGreaterThan(0);
  });

  it('reads the opt-out marker and the line numbers a failure reports', () => {
    const markdown = ['# T', '```ts', 'const a = 1;', '```', '<!-- typecheck: skip — a fragment of the block above -->', '```ts', 'a;', '```', '```bash', 'x', '```'].join('\n');
    expect(blocksOf('docs/t.md', markdown)).toEqual([
      { doc: 'docs/t.md', line: 3, code: 'const a = 1;' },
      { doc: 'docs/t.md', line: 7, code: 'a;', skipReason: 'a fragment of the block above' },
    ]);
  });

  it('reports a block that uses a name the package does not export', () => {
    expect(diagnostics.get(CANARY)?.join('\n')).toMatch(/thisNameIsNotExported/);
  });

  it.each(blocks.map((block) => [`${block.doc}:${String(block.line)}`, block] as const))('%s', (_name, block) => {
    if (block.skipReason !== undefined) {
      // An opt-out says why, so a reader (and a reviewer) can judge it.
      expect(block.skipReason.length, `${block.doc}:${String(block.line)}: say why the block is skipped`).toBeGreaterThan(10);
      return;
    }
    const found = (diagnostics.get(fileOf(block)) ?? []).map((text) => {
      const [line, ...rest] = text.split(': ');
      return `${block.doc}:${String(block.line + Number(line))}: ${rest.join(': ')}`;
    });
    expect(found, `relative to ${relative(root, fileOf(block))}`).toEqual([]);
  });
});
