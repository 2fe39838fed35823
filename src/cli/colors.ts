import type { CliIO } from './io.js';
import { ttyOf } from './io.js';

export interface Palette {
  readonly enabled: boolean;
  red(text: string): string;
  green(text: string): string;
  yellow(text: string): string;
  cyan(text: string): string;
  dim(text: string): string;
  bold(text: string): string;
}

function wrap(enabled: boolean, open: number, close: number): (text: string) => string {
  return enabled ? (text) => `\u001b[${open}m${text}\u001b[${close}m` : (text) => text;
}

/** Colour only on a terminal, never with NO_COLOR (https://no-color.org: any non-empty value) or TERM=dumb. */
export function colorEnabled(io: CliIO, stream: 'stdout' | 'stderr'): boolean {
  const noColor = io.env['NO_COLOR'];
  if (noColor !== undefined && noColor !== '') return false;
  if (io.env['TERM'] === 'dumb') return false;
  return ttyOf(io, stream);
}

export function palette(enabled: boolean): Palette {
  return {
    enabled,
    red: wrap(enabled, 31, 39),
    green: wrap(enabled, 32, 39),
    yellow: wrap(enabled, 33, 39),
    cyan: wrap(enabled, 36, 39),
    dim: wrap(enabled, 2, 22),
    bold: wrap(enabled, 1, 22),
  };
}
