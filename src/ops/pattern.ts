/** Search patterns shared by grep and replace. Internal module. */
import { usageError } from '../errors.js';

export interface PatternOptions {
  /** Treat `pattern` as a JavaScript regular expression. @default false */
  readonly regex?: boolean;
  /** @default false */
  readonly ignoreCase?: boolean;
}

/** A global RegExp for `pattern`; a literal pattern is escaped. @throws {UsageError} (field `pattern`) */
export function compilePattern(pattern: string, options: PatternOptions = {}): RegExp {
  if (pattern === '') throw usageError('pattern is empty', { field: 'pattern' });
  const source = options.regex === true ? pattern : pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  try {
    return new RegExp(source, `g${options.ignoreCase === true ? 'i' : ''}${options.regex === true ? 'm' : ''}`);
  } catch (cause) {
    throw usageError(`pattern is not a valid regular expression: ${(cause as Error).message}`, { field: 'pattern', cause });
  }
}
