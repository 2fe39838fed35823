import type { Command } from 'commander';
import { examples } from '../command-module.js';
import type { CliContext } from '../context.js';

export function register(program: Command, ctx: CliContext): void {
  const tags = examples(program.command('tags').description('tags (Wiki.js) or categories (MediaWiki)'), ['wikikit tags ls']);
  examples(
    tags
      .command('ls')
      .alias('list')
      .description('list tags with how many pages carry each')
      .option('--prefix <path>', 'only count pages under this folder')
      .action(async (flags: { prefix?: string }) => {
        const wiki = await ctx.connect();
        const counts = new Map<string, number>();
        for await (const page of wiki.list({ ...flags, ...(ctx.signal === undefined ? {} : { signal: ctx.signal }) })) {
          for (const tag of page.tags ?? []) counts.set(tag, (counts.get(tag) ?? 0) + 1);
        }
        const sorted = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
        for (const [tag, pages] of sorted) ctx.out.record('tag', { tag, pages });
        ctx.out.table(sorted.map(([tag, pages]) => [tag, String(pages)]), ['TAG', 'PAGES']);
      }),
    ['wikikit tags ls', 'wikikit tags ls --prefix handbook --json'],
  );
}
