import { InvalidArgumentError, Option, type Command } from 'commander';
import type { CliContext } from './context.js';

/** What every `src/cli/commands/<name>.ts` exports. */
export interface CommandModule {
  register(program: Command, ctx: CliContext): void;
}

/** Appends an "Examples:" block to a command's --help. */
export function examples(command: Command, lines: readonly string[]): Command {
  return command.addHelpText('after', `\nExamples:\n${lines.map((line) => `  $ ${line}`).join('\n')}\n`);
}

/** commander option parser for a positive integer (`--concurrency 4`). */
export function positiveInt(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw new InvalidArgumentError(`expected a positive integer, got "${value}"`);
  return n;
}

/** commander option parser for a TCP port: a positive integer, or 0 for "pick a free one". */
export function portNumber(value: string): number {
  if (value === '0') return 0;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 65535) throw new InvalidArgumentError(`expected a TCP port (1-65535, or 0 for a free one), got "${value}"`);
  return n;
}

/** commander option parser for a positive number (`--timeout 2.5`). */
export function positiveNumber(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new InvalidArgumentError(`expected a positive number, got "${value}"`);
  return n;
}

/** `a,b, c` → `['a','b','c']`; repeated flags accumulate. */
export function collectList(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), ...value.split(',').map((s) => s.trim()).filter((s) => s !== '')];
}

/**
 * Keeps an old spelling of an option working (`--path-prefix` for `--prefix`) without showing
 * it in --help: its value lands on the attribute of the one documented name, `target`.
 */
export function hiddenAlias(command: Command, flags: string, target: string): Command {
  const option = new Option(flags).hideHelp();
  command.addOption(option);
  command.on(`option:${option.name()}`, (value: unknown) => {
    command.setOptionValueWithSource(target, value ?? true, 'cli');
  });
  return command;
}
