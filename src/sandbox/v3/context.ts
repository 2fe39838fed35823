import { randomUUID, scryptSync, timingSafeEqual, randomBytes } from 'node:crypto';
import { verifyJwt, type JwtKeys } from '../v2/jwt.js';
import type { V3Data } from './data.js';
import { sandboxError } from './sandbox-error.js';
import type { UserRec } from './records.js';

/** Who is asking. A guest is what Wiki.js 3 silently falls back to for a missing or bad token. */
export interface V3Identity {
  readonly userId: string;
  readonly email: string;
  readonly name: string;
  readonly isGuest: boolean;
  readonly viaApiKey: boolean;
  readonly permissions: ReadonlySet<string>;
}

/**
 * Defects of the real 3.0.0 the sandbox can reproduce on request, so client workarounds are
 * tested against the failure they work around (off by default: the sandbox answers correctly).
 */
export type V3Defect =
  /** `pages(...)` fails with "unknown relation \"tags\"". */
  | 'pages-list'
  /** A request carrying an API key gets its connection closed with no answer. */
  | 'api-key-crash'
  /** `createUser` answers `user: null` on success. */
  | 'create-user-null'
  /** move/delete page and update/delete user failures come back as `slug: "TypeError"`. */
  | 'typeerror-slugs'
  /**
   * `tree` answers the pages of every site and locale, whatever `siteId`/`locale` say (what the
   * 3.0.x source of its resolver does; not observed on a running server).
   */
  | 'tree-unscoped';

/** `operation` of 3.0.0's branches that throw `new WIKI.Error.<name>()` with `WIKI.Error` undefined. */
export function typeError(name: string): { succeeded: false; slug: 'TypeError'; message: string } {
  return { succeeded: false, slug: 'TypeError', message: `Cannot read properties of undefined (reading '${name}')` };
}

/** Shared services of one running v3 sandbox. */
export interface V3Service {
  readonly defects: ReadonlySet<V3Defect>;
  readonly data: V3Data;
  readonly keys: JwtKeys;
  /** Rate-limit buckets of the `@rateLimit` directive: `<ip>:Mutation.<field>` → hit times (ms). */
  readonly rateHits: Map<string, number[]>;
  /** Pending `changePassword` continuations: token → user id. */
  readonly continuations: Map<string, string>;
  readonly now: () => number;
}

/** Apollo context of one request. */
export interface V3Context {
  readonly svc: V3Service;
  readonly user: V3Identity;
  readonly ip: string;
}

export const nowIso = (svc: V3Service): string => new Date(svc.now()).toISOString();
export const newId = (): string => randomUUID();

/** `operation` of a successful mutation: always slug `ok` plus a human sentence. */
export function ok(message: string): { succeeded: true; slug: 'ok'; message: string } {
  return { succeeded: true, slug: 'ok', message };
}

/**
 * `operation` of a refused mutation as 3.0.0 shapes it: the JS error's name (`Error`) as slug
 * and the `ERR_*` key as message. There is no `errorCode` field in v3.
 */
export function fail(key: string): { succeeded: false; slug: 'Error'; message: string } {
  return { succeeded: false, slug: 'Error', message: key };
}

export { SandboxError, sandboxError } from './sandbox-error.js';

export function hashPassword(password: string): string {
  const salt = randomBytes(16);
  // Low scrypt cost on purpose: the sandbox is for tests, bcrypt-12 speed is not the point.
  const hash = scryptSync(password, salt, 32, { N: 1024 });
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

export function checkPassword(password: string, stored: string): boolean {
  const [scheme, salt, hash] = stored.split('$');
  if (scheme !== 'scrypt' || salt === undefined || hash === undefined) return false;
  const expected = Buffer.from(hash, 'base64');
  const actual = scryptSync(password, Buffer.from(salt, 'base64'), expected.length, { N: 1024 });
  return timingSafeEqual(expected, actual);
}

export function groupPermissions(data: V3Data, groupIds: readonly string[]): Set<string> {
  const out = new Set<string>();
  for (const gid of groupIds) for (const p of data.t.groups.get(gid)?.permissions ?? []) out.add(p);
  return out;
}

export function guestIdentity(data: V3Data): V3Identity {
  const guest = data.t.users.get(data.settings.guestUserId);
  return {
    userId: data.settings.guestUserId,
    email: guest?.email ?? 'guest@example.com',
    name: guest?.name ?? 'Guest',
    isGuest: true,
    viaApiKey: false,
    // 3.0.0 answers ERR_FORBIDDEN to guests almost everywhere, whatever the Guests group says.
    permissions: new Set(),
  };
}

export function userIdentity(data: V3Data, user: UserRec): V3Identity {
  return { userId: user.id, email: user.email, name: user.name, isGuest: false, viaApiKey: false, permissions: groupPermissions(data, user.groups) };
}

/**
 * Bearer token → identity. API keys work here (the real 3.0.0 process dies on them, see
 * docs/wikijs-v3.md); anything unknown, forged, expired or revoked is the guest, never a 401.
 */
export function resolveIdentity(svc: V3Service, authorization: string | undefined): V3Identity {
  const data = svc.data;
  const guest = guestIdentity(data);
  const m = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  const token = m?.[1]?.trim();
  if (token === undefined || token === '') return guest;
  const now = svc.now();
  for (const key of data.t.apiKeys.values()) {
    if (key.key !== token) continue;
    if (key.isRevoked || !data.settings.apiEnabled || Date.parse(key.expiration) <= now) return guest;
    return { userId: data.settings.adminUserId, email: 'api@localhost', name: 'API', isGuest: false, viaApiKey: true, permissions: groupPermissions(data, key.groups) };
  }
  const check = verifyJwt(svc.keys, token, now);
  if (!check.ok) return guest;
  const id = check.payload['id'];
  if (typeof id !== 'string') return guest;
  const user = data.t.users.get(id);
  if (user === undefined || !user.isActive) return guest;
  return userIdentity(data, user);
}

export function isAdmin(ctx: V3Context): boolean {
  return ctx.user.permissions.has('manage:system');
}

/** Global permission check: `manage:system` implies everything. */
export function can(ctx: V3Context, ...any: readonly string[]): boolean {
  if (isAdmin(ctx)) return true;
  return any.some((p) => ctx.user.permissions.has(p));
}

/** The `@rateLimit(limit, duration)` directive: a fixed window per client ip and field. */
export function rateLimit(ctx: V3Context, field: string, limit: number, durationSec: number): void {
  const key = `${ctx.ip}:Mutation.${field}`;
  const now = ctx.svc.now();
  const windowMs = durationSec * 1000;
  const hits = (ctx.svc.rateHits.get(key) ?? []).filter((t) => now - t < windowMs);
  if (hits.length >= limit) {
    const oldest = hits[0] ?? now;
    const waitSec = Math.max(1, Math.ceil((oldest + windowMs - now) / 1000));
    ctx.svc.rateHits.set(key, hits);
    throw sandboxError(`Too many requests, please try again in ${waitSec} seconds.`);
  }
  hits.push(now);
  ctx.svc.rateHits.set(key, hits);
}
