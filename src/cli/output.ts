/**
 * Human output vs `--json` (NDJSON events on stdout, one JSON object a line). Human text goes
 * to stdout, progress and warnings to stderr. Every write passes through the secret scrubber,
 * so a token the CLI knows about cannot reach a terminal or a log even by mistake.
 */
import { createTwoFilesPatch } from 'diff';
import { isWikikitError } from '../errors.js';
import { scrubSecrets } from '../transport/redact.js';
import { colorEnabled, palette, type Palette } from './colors.js';
import type { CliIO } from './io.js';

export interface OutputOptions {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
}

export class Output {
  readonly json: boolean;
  readonly quiet: boolean;
  readonly verbose: boolean;
  /** Colours for stdout. */
  readonly color: Palette;
  /** Colours for stderr. */
  readonly errColor: Palette;
  readonly #io: CliIO;
  readonly #secrets: Set<string>;

  constructor(io: CliIO, options: OutputOptions, secrets: Set<string>) {
    this.#io = io;
    this.json = options.json;
    this.quiet = options.quiet;
    this.verbose = options.verbose;
    this.#secrets = secrets;
    this.color = palette(colorEnabled(io, 'stdout'));
    this.errColor = palette(colorEnabled(io, 'stderr'));
  }

  scrub(text: string): string {
    return this.#secrets.size === 0 ? text : scrubSecrets(text, this.#secrets);
  }

  /** Raw text to stdout (page content, a file). Used in human and JSON-less data commands. */
  write(text: string): void {
    this.#io.stdout.write(this.scrub(text));
  }

  /** A human line on stdout; silent in --json mode. */
  line(text = ''): void {
    if (!this.json) this.write(`${text}\n`);
  }

  /**
   * One data item: an NDJSON event in --json mode, else the human rendering (if any).
   * `type` names the event (`page`, `change`, `summary`, …).
   */
  record(type: string, data: Readonly<Record<string, unknown>>, human?: string): void {
    if (this.json) this.write(`${JSON.stringify({ type, ...data })}\n`);
    else if (human !== undefined) this.write(`${human}\n`);
  }

  /** Status on stderr; hidden by --quiet. */
  info(text: string): void {
    if (!this.quiet) this.#io.stderr.write(`${this.scrub(text)}\n`);
  }

  /** Only with --verbose. */
  debug(text: string): void {
    if (this.verbose && !this.quiet) this.#io.stderr.write(`${this.errColor.dim(this.scrub(text))}\n`);
  }

  /** Always shown (stderr). */
  warn(text: string): void {
    this.#io.stderr.write(`${this.errColor.yellow('warning:')} ${this.scrub(text)}\n`);
  }

  /** An error, rendered once: `error: <message>` on stderr, plus an `error` event in --json mode. */
  error(error: unknown, extra?: string): void {
    const message = error instanceof Error ? error.message : String(error);
    this.#io.stderr.write(`${this.errColor.red('error:')} ${this.scrub(message)}${extra === undefined ? '' : `\n${this.scrub(extra)}`}\n`);
    if (this.json) {
      const json = isWikikitError(error) ? error.toJSON() : { name: 'InternalError', message };
      this.write(`${JSON.stringify({ type: 'error', error: json })}\n`);
    }
  }

  /** Aligned columns for humans. */
  table(rows: readonly (readonly string[])[], header?: readonly string[]): void {
    if (this.json || rows.length === 0) return;
    const all = header === undefined ? rows : [header, ...rows];
    const widths: number[] = [];
    for (const row of all) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, Array.from(cell).length)));
    const render = (row: readonly string[]): string =>
      row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
    if (header !== undefined) this.line(this.color.bold(render(header)));
    for (const row of rows) this.line(render(row));
  }

  /** A unified diff, coloured on a terminal. Returns the plain patch text. */
  diff(label: string, before: string, after: string, labels: { from?: string; to?: string } = {}): string {
    const patch = unifiedDiff(label, before, after, labels);
    if (!this.json) this.write(colorizeDiff(patch, this.color));
    return patch;
  }
}

export function unifiedDiff(label: string, before: string, after: string, labels: { from?: string; to?: string } = {}): string {
  return createTwoFilesPatch(`a/${label}`, `b/${label}`, before, after, labels.from ?? '', labels.to ?? '', { context: 3 });
}

export function colorizeDiff(patch: string, color: Palette): string {
  if (!color.enabled) return patch;
  return patch
    .split('\n')
    .map((line) => {
      if (line.startsWith('+++') || line.startsWith('---')) return color.bold(line);
      if (line.startsWith('+')) return color.green(line);
      if (line.startsWith('-')) return color.red(line);
      if (line.startsWith('@@')) return color.cyan(line);
      return line;
    })
    .join('\n');
}
