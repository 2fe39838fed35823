/**
 * The move journal: one small JSON file, rewritten atomically (temp file, fsync, rename) before
 * and after every step, so after Ctrl-C or `kill -9` it says exactly which steps are done, which
 * were in flight (outcome unknown: re-read before anything is sent again) and which never
 * started. It is bound to one plan by the plan's hash: a journal is never replayed against
 * another plan.
 */
import { readFile } from 'node:fs/promises';
import { usageError } from '../../errors.js';
import { sha256, writeFileAtomic } from '../files.js';
import { serializePlan, type Plan } from '../plan.js';

export type StepState = 'started' | 'done' | 'failed';

export interface JournalStep {
  readonly state: StepState;
  readonly at: string;
  /** The page's revision after the step (updates), for the next step's guard. */
  readonly revision?: string;
  /** How a done step was learnt: `applied` now, or `reconciled` from the wiki after a lost answer. */
  readonly how?: 'applied' | 'reconciled';
  readonly error?: string;
}

export interface MoveJournal {
  readonly version: 1;
  readonly kind: 'wikikit-move-journal';
  /** sha256 of the plan's JSON text. */
  readonly plan: string;
  readonly wiki: string;
  readonly createdAt: string;
  /** Step index (in `plan.changes`) → its last recorded state. */
  readonly steps: Record<string, JournalStep>;
}

/** The hash that binds a journal to its plan. */
export function planHash(plan: Plan): string {
  return sha256(serializePlan(plan));
}

/**
 * Reads the journal of `plan`, or starts a new one.
 * @throws {UsageError} when the file is not a journal or belongs to another plan.
 */
export async function openJournal(file: string, plan: Plan): Promise<JournalWriter> {
  const hash = planHash(plan);
  let text: string | undefined;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw usageError(`cannot read journal ${file}: ${(error as Error).message}`, { field: 'journal', cause: error });
  }
  if (text === undefined) {
    const journal: MoveJournal = { version: 1, kind: 'wikikit-move-journal', plan: hash, wiki: plan.wiki.url, createdAt: new Date().toISOString(), steps: {} };
    // Written on the first record: a move refused before its first step leaves no journal.
    return new JournalWriter(file, journal, false);
  }
  let parsed: Partial<MoveJournal>;
  try {
    parsed = JSON.parse(text) as Partial<MoveJournal>;
  } catch (cause) {
    throw usageError(`journal ${file} is not valid JSON; move it away to start over`, { field: 'journal', cause });
  }
  if (parsed.kind !== 'wikikit-move-journal' || parsed.version !== 1 || typeof parsed.steps !== 'object') {
    throw usageError(`${file} is not a wikikit move journal`, { field: 'journal' });
  }
  if (parsed.plan !== hash) {
    throw usageError(`journal ${file} belongs to another plan (the plan file changed since it was started); refused, nothing was changed`, { field: 'journal' });
  }
  return new JournalWriter(file, parsed as MoveJournal, true);
}

/** Serialises writes: each record waits until the file on disk holds it. */
export class JournalWriter {
  readonly file: string;
  /** True when the journal existed already (this run resumes one). */
  readonly resumed: boolean;
  readonly #steps: Record<string, JournalStep>;
  readonly #journal: MoveJournal;
  #chain: Promise<void> = Promise.resolve();

  constructor(file: string, journal: MoveJournal, resumed: boolean) {
    this.file = file;
    this.resumed = resumed;
    this.#journal = journal;
    this.#steps = { ...journal.steps };
  }

  step(index: number): JournalStep | undefined {
    return this.#steps[String(index)];
  }

  /** Every step index recorded, with its state. */
  entries(): [number, JournalStep][] {
    return Object.entries(this.#steps).map(([k, v]) => [Number(k), v]);
  }

  async record(index: number, step: Omit<JournalStep, 'at'>): Promise<void> {
    this.#steps[String(index)] = { ...step, at: new Date().toISOString() };
    await this.flush();
  }

  flush(): Promise<void> {
    const text = `${JSON.stringify({ ...this.#journal, steps: this.#steps }, null, 1)}\n`;
    const write = this.#chain.then(() => writeFileAtomic(this.file, text));
    this.#chain = write.catch(() => undefined);
    return write;
  }
}
