/** Shared by both dialects' write paths: how a reconciled unknown-outcome failure is reported. */

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
