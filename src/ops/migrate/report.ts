/**
 * What a migration did, page by page: the JSON the CLI prints with `--json` and the human
 * summary it prints otherwise. Built up by migrate.ts; nothing here talks to a wiki.
 */
import type { ConvertWarning } from './convert.js';

export interface MigratedPage {
  readonly title: string;
  readonly path: string;
  /** `created`/`updated`/`unchanged` on the target; `planned` in a dry run. */
  readonly action: 'created' | 'updated' | 'unchanged' | 'planned';
  readonly revisions: number;
  readonly redirect?: string;
}

export interface SkippedPage {
  readonly title: string;
  readonly reason: string;
}

export interface FailedItem {
  readonly title: string;
  readonly error: string;
  /** The error category (`conflict`, `network`, …) when it was a wikikit error. */
  readonly category?: string;
}

export interface PageWarning extends ConvertWarning {
  readonly title: string;
}

export interface BrokenLink {
  /** Page that holds the link. */
  readonly from: string;
  /** Title it points to, which the source wiki does not have. */
  readonly target: string;
  readonly kind: 'page' | 'file';
}

export interface MigratedFile {
  readonly title: string;
  readonly path: string;
  readonly size?: number;
  readonly action: 'uploaded' | 'unchanged' | 'planned';
}

/** Busy time per kind of work; they overlap (pipelined), so their sum may exceed `totalMs`. */
export interface MigrationTimings {
  /** The source was being read: listing, page reads, history, template expansion. */
  readonly readMs: number;
  /** Parsing and converting wikitext (CPU). */
  readonly convertMs: number;
  /** Pages were being written to the target. */
  readonly writeMs: number;
  readonly filesMs: number;
  readonly totalMs: number;
}

export interface MigrationReport {
  readonly source: string;
  readonly target: string;
  readonly dryRun: boolean;
  readonly startedAt: string;
  readonly finishedAt: string;
  readonly pages: {
    readonly migrated: readonly MigratedPage[];
    readonly skipped: readonly SkippedPage[];
    readonly failed: readonly FailedItem[];
  };
  readonly warnings: readonly PageWarning[];
  readonly files: {
    readonly migrated: readonly MigratedFile[];
    readonly skipped: readonly SkippedPage[];
    readonly failed: readonly FailedItem[];
  };
  readonly links: {
    readonly rewritten: number;
    readonly broken: readonly BrokenLink[];
  };
  readonly timings: MigrationTimings;
}

/**
 * Wall time during which at least one operation of a kind was in flight. Reads, conversion and
 * writes overlap (pipeline, parallel writes), so per-call sums would exceed the run's length;
 * busy time answers "how long was the source (or the target) the thing we were waiting on".
 */
export class BusyClock {
  #inFlight = 0;
  #since = 0;
  #ms = 0;

  async time<T>(operation: () => Promise<T>): Promise<T> {
    if (this.#inFlight++ === 0) this.#since = performance.now();
    try {
      return await operation();
    } finally {
      if (--this.#inFlight === 0) this.#ms += performance.now() - this.#since;
    }
  }

  add(ms: number): void {
    this.#ms += ms;
  }

  get ms(): number {
    return this.#inFlight === 0 ? this.#ms : this.#ms + performance.now() - this.#since;
  }
}

/** Mutable collector migrate.ts fills in; `finish()` freezes it into a {@link MigrationReport}. */
export class ReportBuilder {
  readonly migrated: MigratedPage[] = [];
  readonly skipped: SkippedPage[] = [];
  readonly failed: FailedItem[] = [];
  readonly warnings: PageWarning[] = [];
  readonly filesMigrated: MigratedFile[] = [];
  readonly filesSkipped: SkippedPage[] = [];
  readonly filesFailed: FailedItem[] = [];
  readonly broken: BrokenLink[] = [];
  linksRewritten = 0;
  readonly read = new BusyClock();
  convertMs = 0;
  readonly write = new BusyClock();
  filesMs = 0;
  private readonly startedAt = new Date();
  private readonly started = performance.now();
  private readonly source: string;
  private readonly target: string;
  private readonly dryRun: boolean;

  constructor(source: string, target: string, dryRun: boolean) {
    this.source = source;
    this.target = target;
    this.dryRun = dryRun;
  }

  finish(): MigrationReport {
    const round = (ms: number): number => Math.round(ms);
    return {
      source: this.source,
      target: this.target,
      dryRun: this.dryRun,
      startedAt: this.startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      pages: { migrated: this.migrated, skipped: this.skipped, failed: this.failed },
      warnings: this.warnings,
      files: { migrated: this.filesMigrated, skipped: this.filesSkipped, failed: this.filesFailed },
      links: { rewritten: this.linksRewritten, broken: dedupeBroken(this.broken) },
      timings: {
        readMs: round(this.read.ms),
        convertMs: round(this.convertMs),
        writeMs: round(this.write.ms),
        filesMs: round(this.filesMs),
        totalMs: round(performance.now() - this.started),
      },
    };
  }
}

function dedupeBroken(links: readonly BrokenLink[]): BrokenLink[] {
  const seen = new Set<string>();
  return links.filter((link) => {
    const key = `${link.kind}\u0000${link.from}\u0000${link.target}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/** True when the run left something undone (the CLI exits 1). */
export function reportHasFailures(report: MigrationReport): boolean {
  return report.pages.failed.length > 0 || report.files.failed.length > 0;
}

/** The human summary: counts first, then the details worth acting on. */
export function formatReport(report: MigrationReport, options: { maxItems?: number } = {}): string {
  const max = options.maxItems ?? 20;
  const lines: string[] = [];
  const verb = report.dryRun ? 'would migrate' : 'migrated';
  const pagesPerSecond = report.timings.totalMs > 0 ? (report.pages.migrated.length / report.timings.totalMs) * 1000 : 0;
  lines.push(`${report.dryRun ? 'Dry run: ' : ''}${report.source} → ${report.target}`);
  lines.push(
    `Pages: ${report.pages.migrated.length} ${verb}, ${report.pages.skipped.length} skipped, ${report.pages.failed.length} failed, ` +
      `${new Set(report.warnings.map((w) => w.title)).size} with warnings`,
  );
  lines.push(`Files: ${report.files.migrated.length} ${verb}, ${report.files.skipped.length} skipped, ${report.files.failed.length} failed`);
  lines.push(`Links: ${report.links.rewritten} rewritten, ${report.links.broken.length} broken`);
  lines.push(
    `Time: ${(report.timings.totalMs / 1000).toFixed(1)} s (read ${ms(report.timings.readMs)}, convert ${ms(report.timings.convertMs)}, ` +
      `write ${ms(report.timings.writeMs)}, files ${ms(report.timings.filesMs)}; ${pagesPerSecond.toFixed(1)} pages/s)`,
  );
  const section = <T>(title: string, items: readonly T[], line: (item: T) => string): void => {
    if (items.length === 0) return;
    lines.push('', `${title} (${items.length}):`);
    for (const item of items.slice(0, max)) lines.push(`  ${line(item)}`);
    if (items.length > max) lines.push(`  … and ${items.length - max} more (see --json)`);
  };
  section('Failed pages', report.pages.failed, (f) => `${f.title}: ${f.error}`);
  section('Failed files', report.files.failed, (f) => `${f.title}: ${f.error}`);
  section('Skipped pages', report.pages.skipped, (s) => `${s.title}: ${s.reason}`);
  section('Warnings', report.warnings, (w) => `${w.title}${w.line === undefined ? '' : `:${w.line}:${w.column ?? 1}`} [${w.construct}] ${w.message}`);
  section('Broken links', report.links.broken, (b) => `${b.from} → ${b.kind === 'file' ? '' : ''}${b.target}`);
  return lines.join('\n');
}

function ms(value: number): string {
  return value >= 1000 ? `${(value / 1000).toFixed(1)} s` : `${Math.round(value)} ms`;
}
