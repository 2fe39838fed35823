#!/usr/bin/env bash
# Packs the package the way npm publishes it and imports it from a fresh project, so a missing
# file in `files`/`exports` fails CI instead of a user's install.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
cd "$work"
npm init -y >/dev/null
# A dependency that declares it needs a newer Node than the package supports fails here: npm only
# warns (EBADENGINE), and a user on Node 20 would install it without knowing. Caught on Node 20.
npm install --no-audit --no-fund "./$tarball" >/dev/null 2>install.log || { cat install.log >&2; exit 1; }
if grep -q EBADENGINE install.log; then
  echo "check-package: a dependency does not support this Node ($(node --version)); pin it (README, Node versions):" >&2
  grep -A4 EBADENGINE install.log >&2
  exit 1
fi
node --input-type=module -e "
import * as wikikit from 'wikikit';
import { startSandbox } from 'wikikit/sandbox';
import { caseFoldKey } from 'wikikit/helpers';
import { GraphQLExecutor } from 'wikikit/spi';
if (typeof caseFoldKey !== 'function' || typeof GraphQLExecutor !== 'function') throw new Error('missing subpath export');
for (const name of ['WikiJsClient', 'MediaWikiClient', 'WikikitError', 'ConflictError']) {
  if (typeof wikikit[name] !== 'function') throw new Error('missing export ' + name);
}
const sandbox = await startSandbox({ port: 0, quiet: true });
await sandbox.close();
console.log('package ok:', Object.keys(wikikit).length, 'exports');
"
./node_modules/.bin/wikikit --version
bash "$repo/scripts/check-dts.sh" "$work"
