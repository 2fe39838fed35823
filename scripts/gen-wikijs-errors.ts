/**
 * Regenerates the fenced table in src/wikijs/v2/error-codes.ts from the Wiki.js 2 "GraphQL API"
 * docs page (its Error Reference tables: `| 6002 | PageDuplicateCreate | message |`).
 *
 *   node --experimental-strip-types scripts/gen-wikijs-errors.ts [docs.txt] [--check]   (Node >= 22.6)
 *   on Node 20: npx tsc scripts/gen-wikijs-errors.ts --outDir /tmp/gen --module nodenext --target es2023
 *               && node /tmp/gen/gen-wikijs-errors.js …      (from the repository root)
 *
 * The category of each code is decided here, once, by the rules below (not by hand in the
 * output), so a new docs release regenerates cleanly. `--check` exits 1 when the file is stale.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

type Category = 'auth' | 'permission' | 'not-found' | 'conflict' | 'validation' | 'rate-limit' | 'api';

// Run from the repository root (npm scripts do); the script may also run from a compiled copy.
const root = process.cwd();
const target = resolve(root, 'src/wikijs/v2/error-codes.ts');
const BEGIN = '// BEGIN GENERATED: scripts/gen-wikijs-errors.ts — do not edit by hand';
const END = '// END GENERATED';

/** Codes whose category the slug alone does not tell. */
const EXPLICIT: Readonly<Record<number, Category>> = {
  1001: 'auth',
  1002: 'auth',
  1003: 'auth',
  1005: 'auth',
  1006: 'auth',
  1007: 'api',
  1008: 'rate-limit',
  1009: 'api',
  1010: 'permission',
  1011: 'permission',
  1013: 'auth',
  1014: 'auth',
  1015: 'auth',
  1017: 'conflict',
  1018: 'permission',
  1019: 'auth',
  1020: 'auth',
  2004: 'not-found',
};

export function categoryOf(code: number, slug: string): Category {
  const explicit = EXPLICIT[code];
  if (explicit) return explicit;
  if (/Forbidden|Unauthorized|Disabled$/.test(slug)) return 'permission';
  if (/NotFound$/.test(slug)) return 'not-found';
  if (/Exists$|Collision$|Duplicate/.test(slug)) return 'conflict';
  if (/Invalid|Empty|Missing|Illegal/.test(slug)) return 'validation';
  return 'api';
}

export interface Row {
  readonly code: number;
  readonly slug: string;
  readonly message: string;
}

export function parseDocs(text: string): Row[] {
  const rows: Row[] = [];
  for (const line of text.split('\n')) {
    const match = /^\|\s*(\d{4})\s*\|\s*([A-Za-z0-9]+)\s*\|\s*(.*?)\s*\|\s*$/.exec(line);
    if (!match) continue;
    rows.push({ code: Number(match[1]), slug: match[2] ?? '', message: match[3] ?? '' });
  }
  return rows.sort((a, b) => a.code - b.code);
}

export function render(rows: readonly Row[]): string {
  const lines = rows.map(
    (row) => `  ${row.code}: { slug: '${row.slug}', category: '${categoryOf(row.code, row.slug)}', message: ${JSON.stringify(row.message)} },`,
  );
  return [BEGIN, 'export const WIKIJS_V2_ERROR_CODES = {', ...lines, '} as const;', END].join('\n');
}

function main(): void {
  const args = process.argv.slice(2);
  const check = args.includes('--check');
  const source = resolve(args.find((a) => !a.startsWith('--')) ?? resolve(root, '../shared/reference/wikijs-v2-graphql-docs.txt'));
  const rows = parseDocs(readFileSync(source, 'utf8'));
  if (rows.length === 0) throw new Error(`no error table found in ${source}`);
  const current = readFileSync(target, 'utf8');
  const start = current.indexOf(BEGIN);
  const end = current.indexOf(END);
  if (start < 0 || end < start) throw new Error(`${target} has no generated region`);
  const next = current.slice(0, start) + render(rows) + current.slice(end + END.length);
  if (check) {
    if (next !== current) {
      process.stderr.write(`${target} is stale; run scripts/gen-wikijs-errors.ts\n`);
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(target, next);
  process.stdout.write(`wrote ${rows.length} codes to ${target}\n`);
}

if (process.argv[1] && /gen-wikijs-errors\.[jt]s$/.test(process.argv[1]) && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) main();
