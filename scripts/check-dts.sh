#!/usr/bin/env bash
# Type-checks a tiny consumer of the built package with `skipLibCheck: false`, so a .d.ts that only
# compiles for us (a stripped @internal type still referenced, a dependency whose own types are
# broken) fails here instead of in a user's strict project.
#   scripts/check-dts.sh            consumer beside a symlink to this checkout (after `npm run build`)
#   scripts/check-dts.sh DIR        consumer in DIR, where `wikikit` is already installed (check-package.sh)
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
if [[ $# -gt 0 ]]; then
  dir=$1
else
  dir=$(mktemp -d)
  trap 'rm -rf "$dir"' EXIT
  mkdir -p "$dir/node_modules"
  ln -s "$repo" "$dir/node_modules/wikikit"
fi
test -f "$repo/dist/index.d.ts" || { echo "check-dts: no dist/ (run npm run build first)" >&2; exit 1; }
cat >"$dir/consumer.ts" <<'TS'
import * as root from 'wikikit';
import * as helpers from 'wikikit/helpers';
import * as spi from 'wikikit/spi';
import * as sandbox from 'wikikit/sandbox';
import type { Page, Wiki, PutOptions } from 'wikikit';

export const modules = [root, helpers, spi, sandbox] as const;
export async function firstTitle(wiki: Wiki, options: PutOptions): Promise<string | undefined> {
  const pages: Page[] = [];
  void options;
  for await (const summary of wiki.list()) {
    const page = await wiki.get(summary.path);
    if (page) pages.push(page);
    break;
  }
  return pages[0]?.title;
}
TS
cat >"$dir/tsconfig.json" <<JSON
{
  "compilerOptions": {
    "target": "ES2023",
    "lib": ["ES2023"],
    "module": "NodeNext",
    "moduleResolution": "NodeNext",
    "strict": true,
    "exactOptionalPropertyTypes": true,
    "skipLibCheck": false,
    "noEmit": true,
    "types": ["node"],
    "typeRoots": ["$repo/node_modules/@types"]
  },
  "files": ["consumer.ts"]
}
JSON
"$repo/node_modules/.bin/tsc" -p "$dir/tsconfig.json"
# wikikit/mcp re-exposes @modelcontextprotocol/sdk types, whose own .d.ts need the DOM fetch types
# (HeadersInit): checked separately, with "DOM" in lib as any user of that SDK needs.
echo "import * as mcp from 'wikikit/mcp'; export const server = mcp;" >"$dir/consumer-mcp.ts"
sed -e 's/"lib": \["ES2023"\]/"lib": ["ES2023", "DOM"]/' -e 's/consumer\.ts/consumer-mcp.ts/' "$dir/tsconfig.json" >"$dir/tsconfig.mcp.json"
"$repo/node_modules/.bin/tsc" -p "$dir/tsconfig.mcp.json"
echo "check-dts ok: the public .d.ts compile with skipLibCheck: false"
