#!/usr/bin/env bash
# Packs the package the way npm publishes it and imports it from a fresh project, so a missing
# file in `files`/`exports` fails CI instead of a user's install.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$(pwd)
work=$(mktemp -d)
tarball=$(npm pack --silent --pack-destination "$work" | tail -n 1)
cd "$work"
npm init -y >/dev/null
npm install --no-audit --no-fund "./$tarball" >/dev/null
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
rm -rf "$work"
