import { now, userPermissions, type V2Context, type V2Service } from './context.js';
import { hashPassword } from './passwords.js';
import type { GroupRec, UserRec } from './records.js';
import { failure, jsError, success, wikiError } from './wiki-errors.js';
import { GraphQLError } from '../graphql.js';

/** users.* and groups.* (server/graph/resolvers/user.js, group.js; models/users.js). */
type Args = Record<string, unknown>;
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const int = (v: unknown): number => (typeof v === 'number' ? v : Number.NaN);
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export const DEFAULT_GROUP_PERMISSIONS = ['read:pages', 'read:assets', 'read:comments', 'write:comments'];

function userMinimal(u: UserRec): Record<string, unknown> {
  return { id: u.id, name: u.name, email: u.email, providerKey: u.providerKey, isSystem: u.isSystem, isActive: u.isActive, createdAt: u.createdAt, lastLoginAt: u.lastLoginAt };
}

function groupObject(svc: V2Service, g: GroupRec): Record<string, unknown> {
  return {
    ...g,
    users: () => [...svc.data.t.users.values()].filter((u) => u.groupIds.includes(g.id)).map(userMinimal),
  };
}

export function touchUser(svc: V2Service, u: UserRec): void {
  svc.data.save('users', { ...u, rowSeq: svc.data.nextId('userRows') });
}

function revokeGroup(svc: V2Service, groupId: number): void {
  const at = Math.floor(Date.now() / 1000);
  for (const u of svc.data.t.users.values()) if (u.groupIds.includes(groupId)) svc.revocations.set(u.id, at);
}

async function createUser(svc: V2Service, args: Args): Promise<void> {
  const email = (str(args['email']) ?? '').toLowerCase();
  const name = str(args['name']) ?? '';
  const providerKey = str(args['providerKey']) ?? 'local';
  const password = str(args['passwordRaw']);
  if (providerKey !== 'local') throw wikiError('AuthProviderInvalid');
  // validate.js, format "flat": the first message wins, checked email → password → name.
  if (!EMAIL.test(email)) throw wikiError('InputInvalid', 'Email is not a valid email');
  if (email.length > 255) throw wikiError('InputInvalid', 'Email is too long (maximum is 255 characters)');
  if (password === undefined || password === '') throw wikiError('InputInvalid', "Password raw can't be blank");
  if (password.length < 6) throw wikiError('InputInvalid', 'Password raw is too short (minimum is 6 characters)');
  if (name.trim() === '') throw wikiError('InputInvalid', "Name can't be blank");
  if (name.length < 2) throw wikiError('InputInvalid', 'Name is too short (minimum is 2 characters)');
  if ([...svc.data.t.users.values()].some((u) => u.email === email && u.providerKey === providerKey)) throw wikiError('AuthAccountAlreadyExists');
  const ts = now();
  const groups = Array.isArray(args['groups']) ? (args['groups'] as unknown[]).map(Number).filter((g) => svc.data.t.groups.has(g)) : [];
  const user: UserRec = {
    id: svc.data.nextId('users'), email, name, providerKey, passwordHash: await hashPassword(password), isSystem: false, isActive: true,
    isVerified: true, location: '', jobTitle: '', timezone: 'America/New_York', dateFormat: '', appearance: '', createdAt: ts, updatedAt: ts,
    lastLoginAt: null, tfaIsActive: false, mustChangePwd: args['mustChangePassword'] === true, groupIds: groups, rowSeq: svc.data.nextId('userRows'),
  };
  svc.data.save('users', user);
  // Mail is never configured in the sandbox: the user exists, the call reports 3002 (observed).
  if (args['sendWelcomeEmail'] === true) throw wikiError('MailNotConfigured');
}

async function updateUser(svc: V2Service, args: Args): Promise<void> {
  const u = svc.data.t.users.get(int(args['id']));
  if (u === undefined) throw wikiError('UserNotFound');
  const next: UserRec = { ...u, updatedAt: now() };
  const email = str(args['email']);
  if (email !== undefined && email !== '' && email !== u.email) {
    if ([...svc.data.t.users.values()].some((x) => x.email === email && x.providerKey === u.providerKey)) throw wikiError('AuthAccountAlreadyExists');
    next.email = email.toLowerCase();
  }
  const name = str(args['name']);
  if (name !== undefined && name !== '') next.name = name.trim();
  const pw = str(args['newPassword']);
  if (pw !== undefined && pw !== '') {
    if (pw.length < 6) throw wikiError('InputInvalid', 'New Password too short!');
    next.passwordHash = await hashPassword(pw);
  }
  if (Array.isArray(args['groups'])) {
    next.groupIds = (args['groups'] as unknown[]).map(Number).filter((g) => svc.data.t.groups.has(g));
    svc.revocations.set(u.id, Math.floor(Date.now() / 1000));
  }
  for (const f of ['location', 'jobTitle', 'timezone', 'dateFormat', 'appearance'] as const) {
    const v = str(args[f]);
    if (v !== undefined && v !== '') next[f] = v.trim();
  }
  touchUser(svc, next);
}

function wrap<T>(message: string, fn: () => T | Promise<T>): Promise<{ responseResult: ReturnType<typeof success> }> {
  return Promise.resolve()
    .then(fn)
    .then(() => ({ responseResult: success(message) }), (e: unknown) => ({ responseResult: failure(e) }));
}

function setFlag(svc: V2Service, id: number, patch: Partial<UserRec>, protectSystem: boolean): void {
  const u = svc.data.t.users.get(id);
  if (u === undefined) throw wikiError('UserNotFound');
  if (protectSystem && id <= 2) throw wikiError('UserDeleteProtected');
  touchUser(svc, { ...u, ...patch, updatedAt: now() });
}

export const userQueryResolvers = {
  list: (_: unknown, _args: Args, ctx: V2Context) => [...ctx.svc.data.t.users.values()].sort((a, b) => a.rowSeq - b.rowSeq).map(userMinimal),
  // PostgreSQL LIKE: case-sensitive substring on email or name, at most 50.
  search: (_: unknown, args: Args, ctx: V2Context) => {
    const q = str(args['query']) ?? '';
    // The real query selects only these columns: `isSystem` and `isActive` come back null, and
    // selecting either fails that item with "Cannot return null for non-nullable field" (observed).
    return [...ctx.svc.data.t.users.values()].filter((u) => u.email.includes(q) || u.name.includes(q)).slice(0, 50)
      .map((u) => ({ id: u.id, email: u.email, name: u.name, providerKey: u.providerKey, createdAt: u.createdAt, lastLoginAt: u.lastLoginAt }));
  },
  single: (_: unknown, args: Args, ctx: V2Context) => {
    const u = ctx.svc.data.t.users.get(int(args['id']));
    if (u === undefined) throw jsError('TypeError', "Cannot set properties of undefined (setting 'password')");
    return {
      ...u, providerName: 'Local', providerId: null, providerIs2FACapable: true,
      groups: u.groupIds.map((g) => ctx.svc.data.t.groups.get(g)).filter((g) => g !== undefined).map((g) => groupObject(ctx.svc, g)),
    };
  },
  profile: (_: unknown, _args: Args, ctx: V2Context) => {
    if (ctx.user.isGuest) throw wikiError('AuthRequired');
    const u = ctx.svc.data.t.users.get(ctx.user.id);
    if (u === undefined) throw wikiError('UserNotFound');
    return {
      ...u, providerName: 'Local',
      groups: u.groupIds.map((g) => ctx.svc.data.t.groups.get(g)?.name).filter((n) => n !== undefined),
      pagesTotal: [...ctx.svc.data.t.pages.values()].filter((p) => p.creatorId === u.id).length,
    };
  },
  lastLogins: (_: unknown, _args: Args, ctx: V2Context) =>
    [...ctx.svc.data.t.users.values()].filter((u) => u.lastLoginAt !== null).sort((a, b) => String(b.lastLoginAt).localeCompare(String(a.lastLoginAt))).slice(0, 10)
      .map((u) => ({ id: u.id, name: u.name, lastLoginAt: u.lastLoginAt })),
};

export const userMutationResolvers = {
  create: async (_: unknown, args: Args, ctx: V2Context) => {
    // `user` is always null in the real response (observed).
    const r = await wrap('User created successfully', () => createUser(ctx.svc, args));
    return { ...r, user: null };
  },
  update: (_: unknown, args: Args, ctx: V2Context) => wrap('User updated successfully', () => updateUser(ctx.svc, args)),
  delete: (_: unknown, args: Args, ctx: V2Context) => wrap('User deleted successfully', () => {
    const id = int(args['id']);
    if (id <= 2) throw wikiError('UserDeleteProtected');
    if (!ctx.svc.data.t.users.has(id)) throw wikiError('UserNotFound');
    const replaceId = int(args['replaceId']);
    for (const p of ctx.svc.data.t.pages.values()) {
      if (p.authorId === id || p.creatorId === id) {
        ctx.svc.data.save('pages', { ...p, authorId: p.authorId === id ? replaceId : p.authorId, creatorId: p.creatorId === id ? replaceId : p.creatorId });
      }
    }
    ctx.svc.data.remove('users', id);
  }),
  verify: (_: unknown, args: Args, ctx: V2Context) => wrap('User verified successfully', () => setFlag(ctx.svc, int(args['id']), { isVerified: true }, false)),
  activate: (_: unknown, args: Args, ctx: V2Context) => wrap('User activated successfully', () => setFlag(ctx.svc, int(args['id']), { isActive: true }, false)),
  deactivate: (_: unknown, args: Args, ctx: V2Context) => wrap('User deactivated successfully', () => {
    // A plain Error on the real server, not UserDeleteProtected (observed for the admin, id 1).
    if (int(args['id']) <= 2) throw jsError('Error', 'Cannot deactivate system accounts.');
    setFlag(ctx.svc, int(args['id']), { isActive: false }, true);
  }),
  enableTFA: (_: unknown, args: Args, ctx: V2Context) => wrap('User 2FA enabled successfully', () => setFlag(ctx.svc, int(args['id']), { tfaIsActive: true }, true)),
  disableTFA: (_: unknown, args: Args, ctx: V2Context) => wrap('User 2FA disabled successfully', () => setFlag(ctx.svc, int(args['id']), { tfaIsActive: false }, true)),
  resetPassword: (_: unknown, args: Args, ctx: V2Context) => wrap('', () => {
    if (!ctx.svc.data.t.users.has(int(args['id']))) throw wikiError('UserNotFound');
    throw wikiError('MailNotConfigured');
  }),
};

export const groupQueryResolvers = {
  list: (_: unknown, _args: Args, ctx: V2Context) =>
    [...ctx.svc.data.t.groups.values()].map((g) => ({
      id: g.id, name: g.name, isSystem: g.isSystem, createdAt: g.createdAt, updatedAt: g.updatedAt,
      userCount: [...ctx.svc.data.t.users.values()].filter((u) => u.groupIds.includes(g.id)).length,
    })),
  single: (_: unknown, args: Args, ctx: V2Context) => {
    const g = ctx.svc.data.t.groups.get(int(args['id']));
    return g === undefined ? null : groupObject(ctx.svc, g);
  },
};

export const groupMutationResolvers = {
  create: (_: unknown, args: Args, ctx: V2Context) => {
    const ts = now();
    const g: GroupRec = {
      id: ctx.svc.data.nextId('groups'), name: str(args['name']) ?? '', isSystem: false, redirectOnLogin: '/',
      permissions: [...DEFAULT_GROUP_PERMISSIONS],
      pageRules: [{ id: 'default', deny: false, match: 'START', roles: [...DEFAULT_GROUP_PERMISSIONS], path: '', locales: [] }],
      createdAt: ts, updatedAt: ts,
    };
    ctx.svc.data.save('groups', g);
    return { responseResult: success('Group created successfully.'), group: groupObject(ctx.svc, g) };
  },
  update: (_: unknown, args: Args, ctx: V2Context) => {
    const rules = Array.isArray(args['pageRules']) ? (args['pageRules'] as GroupRec['pageRules']) : [];
    // Thrown, not returned: these come back as GraphQL errors on the real server.
    for (const r of rules) {
      if (r.match === 'REGEX') {
        try { new RegExp(r.path); } catch { throw new GraphQLError('Some Page Rules contains unsafe or exponential time regex.'); }
      }
    }
    const g = ctx.svc.data.t.groups.get(int(args['id']));
    // The real server updates zero rows and still reports success (observed).
    if (g === undefined) return { responseResult: success('Group has been updated.') };
    const redirect = str(args['redirectOnLogin']);
    ctx.svc.data.save('groups', {
      ...g, name: str(args['name']) ?? g.name, redirectOnLogin: redirect === undefined || redirect === '' ? '/' : redirect,
      permissions: Array.isArray(args['permissions']) ? (args['permissions'] as unknown[]).map(String) : g.permissions,
      pageRules: rules.map((r) => ({ id: r.id, deny: r.deny, match: r.match, roles: [...r.roles], path: r.path, locales: [...r.locales] })),
      updatedAt: now(),
    });
    revokeGroup(ctx.svc, g.id);
    return { responseResult: success('Group has been updated.') };
  },
  delete: (_: unknown, args: Args, ctx: V2Context) => {
    const id = int(args['id']);
    if (id === 1 || id === 2) throw new GraphQLError('Cannot delete this group.');
    revokeGroup(ctx.svc, id);
    for (const u of ctx.svc.data.t.users.values()) if (u.groupIds.includes(id)) touchUser(ctx.svc, { ...u, groupIds: u.groupIds.filter((g) => g !== id) });
    if (ctx.svc.data.t.groups.has(id)) ctx.svc.data.remove('groups', id);
    return { responseResult: success('Group has been deleted.') };
  },
  assignUser: (_: unknown, args: Args, ctx: V2Context) => {
    const g = ctx.svc.data.t.groups.get(int(args['groupId']));
    if (g === undefined) throw new GraphQLError('Invalid Group ID');
    if (g.id === 2) throw new GraphQLError('Cannot assign users to Guests group.');
    const u = ctx.svc.data.t.users.get(int(args['userId']));
    if (u === undefined) throw new GraphQLError('Invalid User ID');
    if (u.groupIds.includes(g.id)) throw new GraphQLError('User is already assigned to group.');
    // No token renewal follows (observed: no `new-jwt` header on the member's next request).
    touchUser(ctx.svc, { ...u, groupIds: [...u.groupIds, g.id] });
    return { responseResult: success('User has been assigned to group.') };
  },
  unassignUser: (_: unknown, args: Args, ctx: V2Context) => {
    const g = ctx.svc.data.t.groups.get(int(args['groupId']));
    if (g === undefined) throw new GraphQLError('Invalid Group ID');
    if (g.id === 2) throw new GraphQLError('Cannot unassign users from Guests group.');
    const u = ctx.svc.data.t.users.get(int(args['userId']));
    if (u === undefined) throw new GraphQLError('Invalid User ID');
    if (g.id === 1 && u.id === 1) throw new GraphQLError('Cannot unassign Administrator user from Administrators group.');
    if (!u.groupIds.includes(g.id)) throw new GraphQLError('User is not assigned to group.');
    touchUser(ctx.svc, { ...u, groupIds: u.groupIds.filter((x) => x !== g.id) });
    return { responseResult: success('User has been unassigned from group.') };
  },
};

export { userPermissions };
