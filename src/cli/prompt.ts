/** Interactive input on a terminal: a hidden secret prompt and a yes/no confirmation. */
import { usageError } from '../errors.js';
import type { CliIO } from './io.js';
import { ttyOf } from './io.js';

function readLine(io: CliIO, hidden: boolean): Promise<string> {
  const stdin = io.stdin;
  return new Promise((resolvePromise, reject) => {
    let value = '';
    const raw = hidden && typeof stdin.setRawMode === 'function';
    const finish = (error?: Error): void => {
      stdin.removeListener('data', onData);
      stdin.removeListener('end', onEnd);
      if (raw) stdin.setRawMode?.(false);
      stdin.pause();
      if (hidden) io.stderr.write('\n');
      if (error) reject(error);
      else resolvePromise(value);
    };
    const onEnd = (): void => finish();
    const onData = (chunk: Buffer | string): void => {
      for (const ch of typeof chunk === 'string' ? chunk : chunk.toString('utf8')) {
        if (ch === '\r' || ch === '\n' || ch === '\u0004') return finish();
        if (ch === '\u0003') return finish(usageError('cancelled at the prompt', { field: 'prompt' }));
        if (ch === '\u007f' || ch === '\b') value = value.slice(0, -1);
        else value += ch;
      }
    };
    if (raw) stdin.setRawMode?.(true);
    stdin.on('data', onData);
    stdin.on('end', onEnd);
    stdin.resume();
  });
}

/** Reads a secret without echoing it. Only on a terminal; callers check {@link canPrompt}. */
export async function promptSecret(io: CliIO, question: string): Promise<string> {
  io.stderr.write(question);
  const value = (await readLine(io, true)).trim();
  if (value === '') throw usageError('no value entered', { field: 'prompt' });
  return value;
}

export function canPrompt(io: CliIO): boolean {
  return ttyOf(io, 'stdin');
}

/** `y`/`yes` → true; anything else (including just Enter) → false. */
export async function confirm(io: CliIO, question: string): Promise<boolean> {
  io.stderr.write(`${question} [y/N] `);
  const answer = (await readLine(io, false)).trim().toLowerCase();
  return answer === 'y' || answer === 'yes';
}
