import { readFile } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import type { Wiki } from '../../model/wiki.js';
import { examples } from '../command-module.js';
import type { CliContext } from '../context.js';
import { writeFileAtomic } from '../../ops/files.js';

function need<K extends 'uploadAsset' | 'downloadAsset' | 'listAssets'>(wiki: Wiki, method: K): NonNullable<Wiki[K]> {
  const fn = wiki[method];
  if (fn === undefined) throw usageError(`${wiki.url} (${wiki.kind}) does not support assets`, { field: 'assets' });
  return fn.bind(wiki) as NonNullable<Wiki[K]>;
}

export function register(program: Command, ctx: CliContext): void {
  const assets = examples(program.command('assets').description('list, upload and download assets (files, images)'), [
    'wikikit assets ls',
    'wikikit assets upload logo.png --folder images',
    'wikikit assets download /images/logo.png -o logo.png',
  ]);

  examples(
    assets
      .command('ls')
      .alias('list')
      .description('list assets')
      .action(async () => {
        const wiki = await ctx.connect();
        const rows: string[][] = [];
        for await (const asset of need(wiki, 'listAssets')()) {
          ctx.out.record('asset', { ...asset });
          rows.push([asset.path, asset.size === undefined ? '' : String(asset.size), asset.mime ?? '']);
        }
        ctx.out.table(rows, ['PATH', 'SIZE', 'TYPE']);
      }),
    ['wikikit assets ls --json'],
  );

  examples(
    assets
      .command('upload')
      .description('upload files')
      .argument('<files...>')
      .option('--folder <folder>', 'asset folder (Wiki.js)')
      .option('--dry-run', 'say what would be uploaded and change nothing')
      .action(async (files: string[], flags: { folder?: string; dryRun?: boolean }) => {
        const wiki = await ctx.connect();
        const upload = need(wiki, 'uploadAsset');
        for (const file of files) {
          const data = await readFile(resolve(ctx.io.cwd, file)).catch((error: unknown) => {
            throw usageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`, { field: 'files', cause: error });
          });
          if (flags.dryRun === true) {
            ctx.out.record('change', { action: 'upload', file, size: data.byteLength, dryRun: true }, `would upload ${file} (${data.byteLength} bytes)`);
            continue;
          }
          const ref = await upload(basename(file), new Uint8Array(data), flags.folder === undefined ? {} : { folder: flags.folder });
          ctx.out.record('asset', { action: 'uploaded', ...ref }, `uploaded ${file} → ${ref.path}`);
        }
      }),
    ['wikikit assets upload diagram.png --folder images', 'wikikit assets upload *.png --dry-run'],
  );

  examples(
    assets
      .command('download')
      .description('download an asset')
      .argument('<path>', 'asset path as listed by `assets ls`')
      .option('-o, --output <file>', 'where to save (default: the asset file name)')
      .action(async (path: string, flags: { output?: string }) => {
        const wiki = await ctx.connect();
        const data = await need(wiki, 'downloadAsset')(path);
        const target = flags.output ?? basename(path.replace(/^File:/, ''));
        // Atomic: an interrupted download never leaves half a file under the asset's name.
        await writeFileAtomic(resolve(ctx.io.cwd, target), data);
        ctx.out.record('asset', { action: 'downloaded', path, file: target, size: data.byteLength }, `saved ${path} → ${target} (${data.byteLength} bytes)`);
      }),
    ['wikikit assets download /images/logo.png -o logo.png'],
  );
}
