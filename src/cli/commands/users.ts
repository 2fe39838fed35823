import type { Command } from 'commander';
import { usageError } from '../../errors.js';
import { collectList, examples } from '../command-module.js';
import type { CliContext } from '../context.js';

interface CreateFlags {
  name: string;
  passwordFile?: string;
  group?: string[];
  provider?: string;
  mustChangePassword?: boolean;
  dryRun?: boolean;
}

export function register(program: Command, ctx: CliContext): void {
  const users = examples(program.command('users').description('list and create users (Wiki.js)'), ['wikikit users ls', 'wikikit users create ada@example.com --name "Ada Lovelace" --group 2']);

  examples(
    users
      .command('ls')
      .alias('list')
      .description('list users')
      .option('--filter <text>', 'only users whose name or email contains this')
      .action(async (flags: { filter?: string }) => {
        const client = await ctx.wikijs();
        const list = await client.users.list(flags.filter === undefined ? {} : { filter: flags.filter });
        for (const user of list) ctx.out.record('user', { ...user });
        ctx.out.table(
          list.map((u) => [String(u.id), u.name, u.email, u.providerKey, u.isActive ? 'active' : 'inactive', u.lastLoginAt ?? '']),
          ['ID', 'NAME', 'EMAIL', 'PROVIDER', 'STATUS', 'LAST LOGIN'],
        );
      }),
    ['wikikit users ls', 'wikikit users ls --filter example.com --json'],
  );

  examples(
    users
      .command('create')
      .description('create a local user; the password comes from --password-file or a hidden prompt, never a flag')
      .argument('<email>')
      .requiredOption('--name <name>', 'display name')
      .option('--password-file <file>', 'file holding the initial password')
      .option('--group <ids>', 'group id (repeat or comma-separate)', collectList)
      .option('--provider <key>', 'authentication provider', 'local')
      .option('--must-change-password', 'force a password change at first login')
      .option('--dry-run', 'say what would be created and change nothing')
      .action(async (email: string, flags: CreateFlags) => {
        const { readSecretFile } = await import('../config.js');
        let password: string | undefined;
        if (flags.passwordFile !== undefined) password = await readSecretFile(flags.passwordFile, ctx.io.cwd, 'password');
        else if (flags.provider === 'local' && ctx.canPrompt()) password = await ctx.promptSecret(`Initial password for ${email}: `);
        if (flags.provider === 'local' && password === undefined) {
          throw usageError('a local user needs a password: pass --password-file FILE or run in a terminal to be prompted', { field: 'password' });
        }
        if (password !== undefined) ctx.secrets.add(password);
        const groups = (flags.group ?? []).map((g) => (/^\d+$/.test(g) ? Number(g) : g));
        if (flags.dryRun === true) {
          ctx.out.record('change', { action: 'create-user', email, name: flags.name, groups, dryRun: true }, `would create user ${email} (${flags.name})`);
          return;
        }
        const client = await ctx.wikijs();
        const user = await client.users.create({
          email,
          name: flags.name,
          ...(password === undefined ? {} : { password }),
          ...(flags.provider === undefined ? {} : { providerKey: flags.provider }),
          groups,
          ...(flags.mustChangePassword === true ? { mustChangePassword: true } : {}),
        });
        ctx.out.record('user', { action: 'created', ...user }, `created user ${user.email} (id ${String(user.id)})`);
      }),
    ['wikikit users create ada@example.com --name "Ada Lovelace" --password-file pw.txt --group 2', 'wikikit users create bob@example.com --name Bob --must-change-password'],
  );
}
