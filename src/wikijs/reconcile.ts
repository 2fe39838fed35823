/**
 * Shared by both dialects' write paths: a write whose outcome is unknown is reconciled once, by
 * the dialect that sent it (re-read, never re-sent), and the finding is written into the error.
 */

/** Appends what the re-read found to the error's message (once), so the caller knows whether retrying is safe. */
export function note(error: unknown, text: string): unknown {
  if (error instanceof Error && !error.message.includes(text)) error.message += ` — ${text}`;
  return error;
}

/** Same tag set, ignoring order and case (the server stores tags lower-cased, in its own order). */
export function sameTags(a: readonly string[], b: readonly string[]): boolean {
  const x = a.map((t) => t.toLowerCase()).sort();
  const y = b.map((t) => t.toLowerCase()).sort();
  return x.length === y.length && x.every((t, i) => t === y[i]);
}

/** What the re-read of an unknown-outcome write found: the value, or that it failed as well. */
export type Reread<T> = { readonly value: T } | { readonly failed: unknown };

export async function reread<T>(read: () => Promise<T>): Promise<Reread<T>> {
  try {
    return { value: await read() };
  } catch (failed) {
    return { failed };
  }
}

/** The note when the re-read failed too: nothing is known, so nothing may be called safe to retry. */
export const REREAD_FAILED = 'the re-read failed too: the outcome is still unknown, read the page before retrying';
