/**
 * The audit trail: one JSON line per write attempt (written, unchanged, refused or failed),
 * with the tool, the path and the revision before and after. Lines go to stderr (never
 * stdout: on stdio that is the protocol channel) and/or are appended to a file. Every line
 * passes through the secret scrubber.
 */
import { appendFile } from 'node:fs/promises';
import { usageError } from '../errors.js';
import { scrubSecrets } from '../transport/redact.js';

export type WriteOutcome = 'written' | 'unchanged' | 'refused' | 'failed';

export interface WriteRecord {
  readonly tool: string;
  readonly path: string;
  readonly locale?: string;
  /** Destination of a move. */
  readonly to?: string;
  /** Revision before the write; `null` when the page did not exist (create) or is unknown. */
  readonly oldRevision: string | null;
  /** Revision after the write; `null` when nothing was written or the page is gone (delete). */
  readonly newRevision: string | null;
  readonly outcome: WriteOutcome;
  readonly action?: string;
  readonly error?: { readonly category: string; readonly code?: string | number; readonly message: string };
}

export interface WriteLog {
  record(entry: WriteRecord): Promise<void>;
}

export interface WriteLogOptions {
  /** Where human-readable processes log: stderr. Omit to log to the file only. */
  readonly stderr?: { write(chunk: string): unknown };
  /** JSON-lines file, appended to (created 0600). */
  readonly file?: string;
  readonly secrets?: Iterable<string>;
  /** @default () => new Date() */
  readonly now?: () => Date;
}

/** Opens (creating 0600) and closes the log file, so a path that cannot be written fails at start-up. */
export async function checkLogFile(file: string): Promise<void> {
  try {
    await appendFile(file, '', { encoding: 'utf8', mode: 0o600 });
  } catch (error) {
    throw usageError(`cannot write the log file ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, { field: 'log-file', cause: error });
  }
}

export function createWriteLog(options: WriteLogOptions): WriteLog {
  const secrets = options.secrets ?? [];
  const now = options.now ?? (() => new Date());
  // Appends are chained so lines keep their order even when tools run concurrently.
  let queue: Promise<void> = Promise.resolve();
  return {
    record(entry) {
      const line = `${scrubSecrets(JSON.stringify({ time: now().toISOString(), type: 'write', ...entry }), secrets)}\n`;
      options.stderr?.write(`wikikit mcp: ${line}`);
      const file = options.file;
      if (file === undefined) return Promise.resolve();
      // A log file that stops accepting lines must not turn a write that happened into an
      // error result (the agent would retry it): say so on stderr, where the line also went.
      queue = queue.then(
        () => appendFile(file, line, { encoding: 'utf8', mode: 0o600 }),
      ).catch((error: unknown) => {
        options.stderr?.write(`wikikit mcp: could not append to ${file}: ${error instanceof Error ? error.message : String(error)}\n`);
      });
      return queue;
    },
  };
}
