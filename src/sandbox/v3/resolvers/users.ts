import { can, fail, hashPassword, newId, nowIso, ok, typeError, type V3Context, sandboxError } from '../context.js';
import type { GroupRec, GroupRuleRec, UserRec } from '../records.js';

type Maybe<T> = T | null | undefined;

// validate.js as 3.0.0 uses it: the message after `ERR_INVALID_INPUT: ` is its text.
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

function requireManageUsers(ctx: V3Context): void {
  if (!can(ctx, 'manage:users', 'write:users')) throw sandboxError('ERR_FORBIDDEN');
}

function sortable(v: unknown): string {
  return typeof v === 'string' || typeof v === 'boolean' ? String(v) : '';
}

function minimal(u: UserRec): Record<string, unknown> {
  return { id: u.id, name: u.name, email: u.email, isSystem: u.isSystem, isActive: u.isActive, createdAt: u.createdAt, lastLoginAt: u.lastLoginAt };
}

export function userView(ctx: V3Context, u: UserRec): Record<string, unknown> {
  const data = ctx.svc.data;
  return {
    ...minimal(u), isVerified: u.isVerified, meta: u.meta, prefs: u.prefs, updatedAt: u.updatedAt, hasAvatar: false, passkeys: [],
    groups: u.groups.map((g) => data.t.groups.get(g)).filter((g): g is GroupRec => g !== undefined).map((g) => groupView(ctx, g, false)),
    auth: [{ authId: data.settings.localStrategyId, authName: 'Local Authentication', strategyKey: 'local' }],
  };
}

function groupView(ctx: V3Context, g: GroupRec, withCount: boolean): Record<string, unknown> {
  const members = [...ctx.svc.data.t.users.values()].filter((u) => u.groups.includes(g.id));
  return {
    ...g,
    userCount: withCount ? members.length : null,
    users: (args: { filter?: Maybe<string> }) => members.filter((u) => matches(u, args.filter)).map(minimal),
  };
}

function matches(u: UserRec, filter: Maybe<string>): boolean {
  if (filter == null || filter === '') return true;
  const f = filter.toLowerCase();
  return u.name.toLowerCase().includes(f) || u.email.includes(f);
}

function inputError(email: string, name: string, password: string | undefined): string | undefined {
  if (!EMAIL.test(email)) return 'ERR_INVALID_INPUT: Email is not a valid email';
  if (password !== undefined && password.length < 6) return 'ERR_INVALID_INPUT: Password is too short (minimum is 6 characters)';
  if (name.trim().length < 2) return 'ERR_INVALID_INPUT: Name is too short (minimum is 2 characters)';
  return undefined;
}

export const userQueries = {
  users(
    _: unknown,
    args: { page?: Maybe<number>; pageSize?: Maybe<number>; orderBy?: Maybe<string>; orderByDirection?: Maybe<string>; filter?: Maybe<string> },
    ctx: V3Context,
  ): Record<string, unknown> {
    requireManageUsers(ctx);
    const key = (args.orderBy ?? 'name') as keyof UserRec;
    const dir = args.orderByDirection === 'desc' ? -1 : 1;
    const all = [...ctx.svc.data.t.users.values()].filter((u) => matches(u, args.filter));
    all.sort((a, b) => {
      const va = sortable(a[key]); const vb = sortable(b[key]);
      return (va < vb ? -1 : va > vb ? 1 : 0) * dir;
    });
    const size = Math.max(1, args.pageSize ?? 20);
    const page = Math.max(1, args.page ?? 1);
    return { total: all.length, users: all.slice((page - 1) * size, page * size).map(minimal) };
  },

  userById(_: unknown, args: { id: string }, ctx: V3Context): Record<string, unknown> {
    requireManageUsers(ctx);
    const u = ctx.svc.data.t.users.get(args.id);
    if (u === undefined) throw sandboxError('ERR_INVALID_USER');
    return userView(ctx, u);
  },

  groups(_: unknown, args: { filter?: Maybe<string> }, ctx: V3Context): Record<string, unknown>[] {
    if (!can(ctx, 'manage:groups', 'write:groups', 'manage:users')) throw sandboxError('ERR_FORBIDDEN');
    const f = (args.filter ?? '').toLowerCase();
    return [...ctx.svc.data.t.groups.values()].filter((g) => g.name.toLowerCase().includes(f)).map((g) => groupView(ctx, g, true));
  },

  groupById(_: unknown, args: { id: string }, ctx: V3Context): Record<string, unknown> | null {
    if (!can(ctx, 'manage:groups', 'write:groups', 'manage:users')) throw sandboxError('ERR_FORBIDDEN');
    const g = ctx.svc.data.t.groups.get(args.id);
    return g === undefined ? null : groupView(ctx, g, true);
  },
};

export const userMutations = {
  /** `user` is returned, as the docs promise; 3.0.0 always answers `user: null`. */
  createUser(
    _: unknown,
    args: { email: string; name: string; password: string; groups: Array<string | null>; mustChangePassword: boolean; sendWelcomeEmail: boolean; sendWelcomeEmailFromSiteId?: Maybe<string> },
    ctx: V3Context,
  ): Record<string, unknown> {
    if (!can(ctx, 'manage:users', 'write:users')) return { operation: fail('ERR_FORBIDDEN'), user: null };
    const data = ctx.svc.data;
    const email = args.email.trim().toLowerCase();
    const bad = inputError(email, args.name, args.password);
    if (bad !== undefined) return { operation: fail(bad), user: null };
    if ([...data.t.users.values()].some((u) => u.email === email)) return { operation: fail('ERR_DUPLICATE_ACCOUNT_EMAIL'), user: null };
    if (args.sendWelcomeEmail) {
      const site = args.sendWelcomeEmailFromSiteId;
      return { operation: fail(site != null && data.t.sites.has(site) ? 'ERR_MAIL_NOT_CONFIGURED' : 'ERR_INVALID_SITE'), user: null };
    }
    const groups = args.groups.filter((g): g is string => g !== null);
    // 3.0.0 inserts the user first and then fails on the group (ForeignKeyViolationError, half-created user).
    if (groups.some((g) => !data.t.groups.has(g))) return { operation: fail('ERR_INVALID_INPUT: Invalid Group ID'), user: null };
    const at = nowIso(ctx.svc);
    const usersGroup = data.settings.usersGroupId;
    const user: UserRec = {
      id: newId(), email, name: args.name.trim(), passwordHash: hashPassword(args.password), isSystem: false, isActive: true, isVerified: true,
      mustChangePassword: args.mustChangePassword, groups: [usersGroup, ...groups.filter((g) => g !== usersGroup)],
      meta: { jobTitle: '', location: '', pronouns: '' },
      prefs: { cvd: 'none', timezone: 'America/New_York', appearance: 'site', dateFormat: 'YYYY-MM-DD', timeFormat: '12h' },
      createdAt: at, updatedAt: at, lastLoginAt: null,
    };
    data.save('users', user);
    return { operation: ok('User created successfully'), user: ctx.svc.defects.has('create-user-null') ? null : userView(ctx, user) };
  },

  updateUser(
    _: unknown,
    args: { id: string; patch: { email?: Maybe<string>; name?: Maybe<string>; groups?: Maybe<string[]>; isActive?: Maybe<boolean>; isVerified?: Maybe<boolean>; meta?: Maybe<Record<string, string>>; prefs?: Maybe<Record<string, string>> } },
    ctx: V3Context,
  ): Record<string, unknown> {
    if (!can(ctx, 'manage:users', 'write:users')) return { operation: fail('ERR_FORBIDDEN') };
    const data = ctx.svc.data;
    const u = data.t.users.get(args.id);
    // 3.0.0: TypeError "reading 'UserNotFound'"; the sandbox gives the documented key.
    if (u === undefined) return { operation: ctx.svc.defects.has('typeerror-slugs') ? typeError('UserNotFound') : fail('ERR_INVALID_USER') };
    const p = args.patch;
    const next: UserRec = { ...u };
    if (p.email != null) {
      const email = p.email.trim().toLowerCase();
      if (!EMAIL.test(email)) return { operation: fail('ERR_INVALID_INPUT: Email is not a valid email') };
      if ([...data.t.users.values()].some((o) => o.email === email && o.id !== u.id)) return { operation: fail('ERR_DUPLICATE_ACCOUNT_EMAIL') };
      next.email = email;
    }
    if (p.name != null) {
      if (p.name.trim().length < 2) return { operation: fail('ERR_INVALID_INPUT: Name is too short (minimum is 2 characters)') };
      next.name = p.name.trim();
    }
    if (p.groups != null) {
      if (p.groups.some((g) => !data.t.groups.has(g))) return { operation: fail('ERR_INVALID_INPUT: Invalid Group ID') };
      next.groups = [...new Set(p.groups)];
    }
    if (p.isActive != null) next.isActive = p.isActive;
    if (p.isVerified != null) next.isVerified = p.isVerified;
    if (p.meta != null) next.meta = { ...next.meta, ...p.meta };
    if (p.prefs != null) next.prefs = { ...next.prefs, ...p.prefs };
    next.updatedAt = nowIso(ctx.svc);
    data.save('users', next);
    return { operation: ok('User updated successfully') };
  },

  deleteUser(_: unknown, args: { id: string; replaceId: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:users')) return { operation: fail('ERR_FORBIDDEN') };
    const data = ctx.svc.data;
    const u = data.t.users.get(args.id);
    if (u === undefined || !data.t.users.has(args.replaceId)) return { operation: ctx.svc.defects.has('typeerror-slugs') ? typeError('UserNotFound') : fail('ERR_INVALID_USER') };
    if (u.isSystem || u.id === data.settings.adminUserId) return { operation: fail('ERR_FORBIDDEN') };
    for (const page of data.t.pages.values()) {
      if (page.authorId === u.id || page.creatorId === u.id) {
        data.save('pages', { ...page, authorId: page.authorId === u.id ? args.replaceId : page.authorId, creatorId: page.creatorId === u.id ? args.replaceId : page.creatorId });
      }
    }
    data.remove('users', u.id);
    return { operation: ok('User deleted successfully') };
  },

  activateUser: (_: unknown, args: { id: string }, ctx: V3Context) => setFlag(ctx, args.id, 'isActive', true, 'User activated successfully'),
  deactivateUser: (_: unknown, args: { id: string }, ctx: V3Context) => setFlag(ctx, args.id, 'isActive', false, 'User deactivated successfully'),
  verifyUser: (_: unknown, args: { id: string }, ctx: V3Context) => setFlag(ctx, args.id, 'isVerified', true, 'User verified successfully'),

  changeUserPassword(_: unknown, args: { id: string; newPassword: string; mustChangePassword?: Maybe<boolean> }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:users')) return { operation: fail('ERR_FORBIDDEN') };
    const u = ctx.svc.data.t.users.get(args.id);
    if (u === undefined) return { operation: fail('ERR_INVALID_USER') };
    if (args.newPassword.length < 8) return { operation: fail('ERR_PASSWORD_TOO_SHORT') };
    ctx.svc.data.save('users', { ...u, passwordHash: hashPassword(args.newPassword), mustChangePassword: args.mustChangePassword ?? false, updatedAt: nowIso(ctx.svc) });
    return { operation: ok('User password updated successfully') };
  },

  createGroup(_: unknown, args: { name: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:groups', 'write:groups')) return { operation: fail('ERR_FORBIDDEN'), group: null };
    const at = nowIso(ctx.svc);
    const roles = ['read:pages', 'read:assets', 'read:comments', 'write:comments'];
    const g: GroupRec = {
      id: newId(), name: args.name, isSystem: false, permissions: [...roles],
      rules: [{ id: newId(), name: 'Default Rule', mode: 'ALLOW', match: 'START', roles: [...roles], path: '', locales: [], sites: [] }],
      redirectOnLogin: '', redirectOnFirstLogin: '', redirectOnLogout: '', createdAt: at, updatedAt: at,
    };
    ctx.svc.data.save('groups', g);
    return { operation: ok('Group created successfully.'), group: groupView(ctx, g, false) };
  },

  updateGroup(
    _: unknown,
    args: { id: string; name: string; redirectOnLogin: string; permissions: Array<string | null>; rules: Array<GroupRuleRec | null> },
    ctx: V3Context,
  ): Record<string, unknown> {
    if (!can(ctx, 'manage:groups', 'write:groups')) return { operation: fail('ERR_FORBIDDEN') };
    const g = ctx.svc.data.t.groups.get(args.id);
    if (g === undefined) return { operation: fail('ERR_INVALID_INPUT: Invalid Group ID') };
    ctx.svc.data.save('groups', {
      ...g, name: args.name, redirectOnLogin: args.redirectOnLogin, permissions: args.permissions.filter((p): p is string => p !== null),
      rules: args.rules.filter((r): r is GroupRuleRec => r !== null).map((r) => ({ ...r, id: r.id || newId(), sites: r.sites })),
      updatedAt: nowIso(ctx.svc),
    });
    return { operation: ok('Group updated successfully.') };
  },

  deleteGroup(_: unknown, args: { id: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:groups')) return { operation: fail('ERR_FORBIDDEN') };
    const data = ctx.svc.data;
    const g = data.t.groups.get(args.id);
    if (g === undefined) return { operation: fail('ERR_INVALID_INPUT: Invalid Group ID') };
    if (g.isSystem) return { operation: fail('ERR_FORBIDDEN') };
    for (const u of data.t.users.values()) if (u.groups.includes(g.id)) data.save('users', { ...u, groups: u.groups.filter((x) => x !== g.id) });
    data.remove('groups', g.id);
    return { operation: ok('Group has been deleted.') };
  },

  /** Failures are thrown (GraphQL `errors`), not reported in `operation`: 3.0.0 does the same. */
  assignUserToGroup(_: unknown, args: { groupId: string; userId: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:groups', 'manage:users')) throw sandboxError('ERR_FORBIDDEN');
    const data = ctx.svc.data;
    if (!data.t.groups.has(args.groupId)) throw sandboxError('Invalid Group ID');
    const u = data.t.users.get(args.userId);
    if (u === undefined) throw sandboxError('Invalid User ID');
    if (u.groups.includes(args.groupId)) throw sandboxError('User is already assigned to group.');
    data.save('users', { ...u, groups: [...u.groups, args.groupId] });
    return { operation: ok('User has been assigned to group.') };
  },

  unassignUserFromGroup(_: unknown, args: { groupId: string; userId: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:groups', 'manage:users')) throw sandboxError('ERR_FORBIDDEN');
    const data = ctx.svc.data;
    if (!data.t.groups.has(args.groupId)) throw sandboxError('Invalid Group ID');
    const u = data.t.users.get(args.userId);
    if (u === undefined) throw sandboxError('Invalid User ID');
    if (!u.groups.includes(args.groupId)) throw sandboxError('User is not assigned to group.');
    data.save('users', { ...u, groups: u.groups.filter((g) => g !== args.groupId) });
    return { operation: ok('User has been unassigned from group.') };
  },
};

function setFlag(ctx: V3Context, id: string, flag: 'isActive' | 'isVerified', value: boolean, message: string): Record<string, unknown> {
  if (!can(ctx, 'manage:users')) return { operation: fail('ERR_FORBIDDEN') };
  const u = ctx.svc.data.t.users.get(id);
  if (u === undefined) return { operation: fail('ERR_INVALID_USER') };
  ctx.svc.data.save('users', { ...u, [flag]: value, updatedAt: nowIso(ctx.svc) });
  return { operation: ok(message) };
}
