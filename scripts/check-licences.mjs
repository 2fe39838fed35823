#!/usr/bin/env node
// scripts/check-licences.mjs — lists the licence of every package in the production dependency
// tree (`npm ls --omit=dev --all --json --long`, then each installed package's own package.json)
// and exits 1 when one is copyleft or unknown. wikikit is MIT: whoever bundles or redistributes
// it (a single-file build, a container image) must not inherit copyleft terms from a dependency.
//
// Policy:
// - allowed: permissive licences (ALLOWED below);
// - refused: GPL, AGPL, SSPL, and LGPL too. LGPL would allow use as a separate, replaceable
//   library, but a bundled or minified wikikit (the usual way a CLI is shipped) combines the
//   code so that the user can no longer swap the library, which is the condition LGPL sets;
//   rather than make every redistributor reason about that, the tree stays LGPL-free. The same
//   goes for the other copyleft families (EUPL, OSL, CPAL, MPL/EPL/CDDL are refused as well:
//   file-level copyleft is not what "an MIT toolkit" promises, and none is in the tree);
// - SPDX expressions are evaluated: `A OR B` passes when one side passes (dual-licensed
//   "MIT OR GPL-3.0" is fine: the permissive choice is ours), `A AND B` when both pass;
// - a package with no licence field (or UNLICENSED / SEE LICENSE IN …) is "unknown" and fails,
//   unless it is listed in REVIEWED with the reason.
//
// Usage: node scripts/check-licences.mjs [--json]
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const ALLOWED = new Set([
  'MIT', 'MIT-0', 'ISC', '0BSD', 'BSD-2-Clause', 'BSD-3-Clause', 'Apache-2.0', 'BlueOak-1.0.0', 'CC0-1.0', 'Unlicense',
  'Python-2.0', 'Zlib', 'WTFPL', 'CC-BY-3.0', 'CC-BY-4.0',
]);
/** Packages whose metadata has no usable licence field but whose licence was checked by hand: name → reason. */
const REVIEWED = new Map();

/** Whether an SPDX expression is satisfied by the allowed licences. */
export function spdxAllowed(expression) {
  const tokens = expression.replace(/[()]/g, (p) => ` ${p} `).trim().split(/\s+/).filter(Boolean);
  let pos = 0;
  const primary = () => {
    const token = tokens[pos++];
    if (token === '(') {
      const value = or();
      pos++; // ')'
      return value;
    }
    if (token === undefined) return false;
    const id = token.replace(/\+$/, '').replace(/-or-later$|-only$/, '');
    if (tokens[pos] === 'WITH') pos += 2; // an exception never makes a copyleft licence permissive, nor the reverse
    return ALLOWED.has(id);
  };
  const and = () => {
    let value = primary();
    while (tokens[pos] === 'AND') {
      pos++;
      value = primary() && value;
    }
    return value;
  };
  const or = () => {
    let value = and();
    while (tokens[pos] === 'OR') {
      pos++;
      value = and() || value;
    }
    return value;
  };
  return or();
}

/** The licence a package.json declares, as an SPDX expression, or undefined. */
export function declaredLicence(pkg) {
  if (typeof pkg.license === 'string' && pkg.license.trim() !== '') return pkg.license.trim();
  if (pkg.license !== null && typeof pkg.license === 'object' && typeof pkg.license.type === 'string') return pkg.license.type;
  if (Array.isArray(pkg.licenses) && pkg.licenses.length > 0) {
    const types = pkg.licenses.map((l) => (typeof l === 'string' ? l : l?.type)).filter((t) => typeof t === 'string');
    if (types.length > 0) return types.length === 1 ? types[0] : `(${types.join(' OR ')})`;
  }
  return undefined;
}

/** Every installed package of the production tree: name, version, licence, verdict. */
export function productionLicences(cwd = process.cwd()) {
  let raw;
  try {
    raw = execFileSync('npm', ['ls', '--omit=dev', '--all', '--json', '--long'], { cwd, encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (error) {
    // npm ls exits 1 on problems in the tree (e.g. optional platform packages not installed)
    // but still prints the tree.
    raw = error.stdout;
    if (typeof raw !== 'string' || raw.trim() === '') throw error;
  }
  const tree = JSON.parse(raw);
  const seen = new Map();
  const walk = (node) => {
    for (const [name, dep] of Object.entries(node.dependencies ?? {})) {
      const key = `${name}@${dep.version ?? '?'}`;
      if (seen.has(key)) continue;
      if (dep.path === undefined || dep.missing === true || dep.version === undefined) {
        // Optional packages for other platforms (lmdb's prebuilt binaries) are not installed here.
        seen.set(key, { name, version: dep.version ?? '', licence: '', verdict: dep.optional === true || dep.missing !== true ? 'not installed (optional)' : 'missing' });
        continue;
      }
      let pkg;
      try {
        pkg = JSON.parse(readFileSync(join(dep.path, 'package.json'), 'utf8'));
      } catch {
        pkg = {};
      }
      const licence = declaredLicence(pkg);
      const reviewed = REVIEWED.get(name);
      let verdict;
      if (licence === undefined || /^(UNLICENSED|SEE LICEN[CS]E IN)/i.test(licence)) verdict = reviewed === undefined ? 'unknown' : `ok (reviewed: ${reviewed})`;
      else verdict = spdxAllowed(licence) ? 'ok' : 'refused';
      seen.set(key, { name, version: dep.version, licence: licence ?? '', verdict });
      walk(dep);
    }
  };
  walk(tree);
  return [...seen.values()].sort((a, b) => a.name.localeCompare(b.name));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const rows = productionLicences();
  const bad = rows.filter((r) => r.verdict === 'refused' || r.verdict === 'unknown' || r.verdict === 'missing');
  if (process.argv.includes('--json')) {
    console.log(JSON.stringify({ packages: rows, failures: bad }, null, 2));
  } else {
    const byLicence = new Map();
    for (const row of rows) {
      const key = row.licence === '' ? `(${row.verdict})` : row.licence;
      byLicence.set(key, [...(byLicence.get(key) ?? []), `${row.name}@${row.version}`]);
    }
    console.log(`production dependency tree: ${rows.length} packages`);
    for (const [licence, names] of [...byLicence.entries()].sort((a, b) => b[1].length - a[1].length)) {
      console.log(`  ${licence.padEnd(28)} ${String(names.length).padStart(4)}  ${names.slice(0, 6).join(', ')}${names.length > 6 ? ', …' : ''}`);
    }
    for (const row of bad) console.log(`FAIL ${row.name}@${row.version}: ${row.verdict}${row.licence === '' ? '' : ` (${row.licence})`}`);
    console.log(bad.length === 0 ? 'licences: all permissive' : `licences: ${bad.length} package(s) not allowed; see docs/migrate.md (Licence)`);
  }
  process.exitCode = bad.length === 0 ? 0 : 1;
}
