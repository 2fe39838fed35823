import type { Command } from 'commander';
import { examples, hiddenAlias } from '../command-module.js';
import type { CliContext } from '../context.js';
import { EXIT } from '../exit-codes.js';

interface GrepFlags {
  regex?: boolean;
  ignoreCase?: boolean;
  prefix?: string;
  locale?: string;
  filesWithMatches?: boolean;
  count?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  examples(
    hiddenAlias(
      program
      .command('grep')
      .description('search page bodies (which the default Wiki.js search does not index); exit 1 when nothing matches, like grep')
      .argument('<pattern>', 'text to find (a JavaScript regular expression with --regex)')
      .option('--regex', 'treat PATTERN as a regular expression')
      .option('-i, --ignore-case', 'match case-insensitively')
      .option('--prefix <path>', 'only pages under this folder')
      .option('--locale <code>', 'only this locale')
      .option('-l, --files-with-matches', 'print only the paths of matching pages')
      .option('-c, --count', 'print the number of matching lines per page'),
      '--path-prefix <path>',
      'prefix',
    ).action(async (pattern: string, flags: GrepFlags) => {
        const { grepWiki } = await import('../../ops/grep.js');
        const wiki = await ctx.connect();
        const prefix = flags.prefix;
        const { out } = ctx;
        const counts = new Map<string, number>();
        let matches = 0;
        for await (const m of grepWiki({
          wiki,
          pattern,
          ...(flags.regex === true ? { regex: true } : {}),
          ...(flags.ignoreCase === true ? { ignoreCase: true } : {}),
          ...(prefix === undefined ? {} : { pathPrefix: prefix }),
          ...(flags.locale === undefined ? {} : { locale: flags.locale }),
          ...(ctx.signal === undefined ? {} : { signal: ctx.signal }),
        })) {
          matches++;
          const seen = counts.get(m.path);
          counts.set(m.path, (seen ?? 0) + 1);
          if (flags.count === true) continue;
          if (flags.filesWithMatches === true) {
            if (seen === undefined) out.record('match', { path: m.path, locale: m.locale }, out.color.cyan(m.path));
            continue;
          }
          const highlighted = m.text.split(m.match).join(out.color.red(m.match));
          out.record('match', { ...m }, `${out.color.cyan(m.path)}:${out.color.green(String(m.line))}: ${highlighted}`);
        }
        if (flags.count === true) for (const [path, n] of counts) out.record('count', { path, count: n }, `${path}:${n}`);
        out.info(`${matches} matching line(s) in ${counts.size} page(s)`);
        if (matches === 0) ctx.fail(EXIT.failure);
      }),
    ['wikikit grep "TODO"', 'wikikit grep -i "password" --prefix ops -l', "wikikit grep 'https?://intranet\\S+' --regex --json"],
  );
}
