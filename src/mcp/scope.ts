/**
 * `--allow-paths`: the folders an agent may write to. Checked before any request, so a write
 * outside them never reaches the wiki. Reads are not scoped.
 */
import { type WikiKind, usageError } from '../errors.js';
import { isWithinPrefix, normalizePathFor } from '../model/path.js';

export class PathScope {
  readonly #kind: WikiKind;
  /** Normalised prefixes; empty = everything is writable. */
  readonly prefixes: readonly string[];

  constructor(kind: WikiKind, prefixes: readonly string[] = []) {
    this.#kind = kind;
    // normalizePathFor refuses "" and "/": they would silently allow everything.
    this.prefixes = prefixes.map((prefix) => normalizePathFor(kind, prefix, 'allow-paths'));
  }

  /** The path as the wiki spells it, checked for shape. @throws {UsageError} */
  normalize(path: string, field = 'path'): string {
    return normalizePathFor(this.#kind, path, field);
  }

  allows(path: string): boolean {
    if (this.prefixes.length === 0) return true;
    const normalized = this.normalize(path);
    // `File:` or `Help:` (MediaWiki namespaces) allow every title in that namespace.
    return this.prefixes.some((prefix) => (prefix.endsWith(':') ? normalized.startsWith(prefix) : isWithinPrefix(normalized, prefix)));
  }

  /** @throws {UsageError} (field `allow-paths`) when `path` lies outside every allowed prefix. */
  assertWritable(path: string, what: string): void {
    if (this.allows(path)) return;
    throw usageError(
      `${what}: "${path}" is outside the paths this server may write (${this.prefixes.join(', ')}); refused before any request, nothing was changed`,
      { field: 'allow-paths' },
    );
  }
}
