import { moduleLists } from './modules.js';
import { GraphQLError } from '../graphql.js';
import type { Identity } from './access.js';
import { guestIdentity, now, userPermissions, type V2Context, type V2Service } from './context.js';
import { parseDuration, signJwt, verifyJwtCached } from './jwt.js';
import { verifyPassword } from './passwords.js';
import type { ApiKeyRec, UserRec } from './records.js';
import { touchUser } from './users.js';
import { failure, success, wikiError, jsError } from './wiki-errors.js';

/** Authentication: the `authenticate` middleware (server/core/auth.js) and authentication.* resolvers. */
type Args = Record<string, unknown>;
const USER_JWT_TTL_S = 30 * 60;
const RENEWAL_MS = 14 * 864e5;

export type AuthOutcome =
  | { kind: 'ok'; user: Identity; newJwt?: string }
  | { kind: 'fail'; status: 500; message: string };

export function userIdentity(svc: V2Service, u: UserRec): Identity {
  return { id: u.id, email: u.email, name: u.name, permissions: userPermissions(svc, u), groups: [...u.groupIds], isGuest: false, viaApiKey: false };
}

export function issueUserJwt(svc: V2Service, u: UserRec): string {
  return signJwt(svc.keys, {
    id: u.id, email: u.email, name: u.name, av: null, tz: u.timezone, lc: 'en', df: u.dateFormat, ap: u.appearance,
    permissions: userPermissions(svc, u), groups: [...u.groupIds],
  }, USER_JWT_TTL_S);
}

function apiIdentity(svc: V2Service, key: ApiKeyRec): Identity {
  return {
    id: 1, email: 'api@localhost', name: 'API', permissions: [...(svc.data.t.groups.get(key.groupId)?.permissions ?? [])],
    groups: [key.groupId], isGuest: false, viaApiKey: true,
  };
}

/** Who is calling. Bad tokens are Guest; revoked keys and a disabled API are HTTP 500 (observed). */
export function authenticate(svc: V2Service, token: string | undefined): AuthOutcome {
  if (token === undefined || token === '') return { kind: 'ok', user: guestIdentity(svc) };
  // Literal match covers keys given with `--token` that are not JWTs.
  let key = [...svc.data.t.apiKeys.values()].find((k) => k.key === token);
  const check = verifyJwtCached(svc.keys, token, svc.verifiedTokens);
  if (key === undefined && check.ok && typeof check.payload['api'] === 'number') {
    key = svc.data.t.apiKeys.get(check.payload['api']) ?? { id: -1, name: '', key: '', expiration: '', createdAt: '', updatedAt: '', isRevoked: true, groupId: 0 };
  }
  if (key !== undefined) {
    if (Date.parse(key.expiration) <= Date.now()) return { kind: 'ok', user: guestIdentity(svc) };
    if (!svc.data.settings.apiEnabled) return { kind: 'fail', status: 500, message: 'API is disabled. You must enable it from the Administration Area first.' };
    if (key.isRevoked) return { kind: 'fail', status: 500, message: 'API Key is invalid or was revoked.' };
    return { kind: 'ok', user: apiIdentity(svc, key) };
  }
  const payload = check.ok ? check.payload : check.reason === 'expired' && Date.now() - check.expiredAtMs < RENEWAL_MS ? check.payload : undefined;
  const id = payload?.['id'];
  if (payload === undefined || typeof id !== 'number') return { kind: 'ok', user: guestIdentity(svc) };
  const u = svc.data.t.users.get(id);
  if (u === undefined || !u.isActive) return { kind: 'ok', user: guestIdentity(svc) };
  const revokedAt = svc.revocations.get(id);
  const mustRenew = !check.ok || (revokedAt !== undefined && typeof payload['iat'] === 'number' && payload['iat'] < revokedAt);
  if (mustRenew) return { kind: 'ok', user: userIdentity(svc, u), newJwt: issueUserJwt(svc, u) };
  const perms = Array.isArray(payload['permissions']) ? (payload['permissions'] as unknown[]).map(String) : [];
  const groups = Array.isArray(payload['groups']) ? (payload['groups'] as unknown[]).map(Number) : [];
  return { kind: 'ok', user: { id, email: u.email, name: u.name, permissions: perms, groups, isGuest: false, viaApiKey: false } };
}

/**
 * The `@rateLimit(limit, duration)` directive (graphql-rate-limit-directive, keyed by client IP
 * and `Type.field`): the call over the limit is a GraphQL error, not a responseResult.
 */
export function rateLimit(svc: V2Service, key: string, limit: number, durationS: number): void {
  const nowMs = Date.now();
  const windowMs = durationS * 1000;
  const hits = (svc.loginHits.get(key) ?? []).filter((t) => nowMs - t < windowMs);
  if (hits.length >= limit) {
    const first = hits[0] ?? nowMs;
    const wait = Math.max(1, Math.ceil((first + windowMs - nowMs) / 1000));
    svc.loginHits.set(key, hits);
    throw new GraphQLError(`Too many requests, please try again in ${String(wait)} seconds.`);
  }
  hits.push(nowMs);
  svc.loginHits.set(key, hits);
}

export function createApiKey(svc: V2Service, name: string, expiration: string, groupId: number, literal?: string): ApiKeyRec {
  const ms = parseDuration(expiration);
  // jsonwebtoken's own message for an `expiresIn` it cannot read (observed).
  if (ms === undefined) throw jsError('Error', '"expiresIn" should be a number of seconds or string representing a timespan eg: "1d", "20h", 60');
  const ts = now();
  const id = svc.data.nextId('apiKeys');
  const key = literal ?? signJwt(svc.keys, { api: id, grp: groupId }, Math.floor(ms / 1000));
  const rec: ApiKeyRec = { id, name, key, expiration: new Date(Date.now() + ms).toISOString(), createdAt: ts, updatedAt: ts, isRevoked: false, groupId };
  svc.data.save('apiKeys', rec);
  return rec;
}

export const authQueryResolvers = {
  apiKeys: (_: unknown, _a: Args, ctx: V2Context) =>
    // Listed by revocation then name (observed: "rec-full" before "wikikit-reference").
    [...ctx.svc.data.t.apiKeys.values()].sort((a, b) => Number(a.isRevoked) - Number(b.isRevoked) || a.name.localeCompare(b.name)).map((k) => ({
      id: k.id, name: k.name, keyShort: `...${k.key.substring(k.key.length - 20)}`, expiration: k.expiration,
      createdAt: k.createdAt, updatedAt: k.updatedAt, isRevoked: k.isRevoked,
    })),
  apiState: (_: unknown, _a: Args, ctx: V2Context) => ctx.svc.data.settings.apiEnabled,
  strategies: () => moduleLists().authStrategies,
  activeStrategies: () => [{
    key: 'local', strategy: localStrategy(), displayName: 'Local', order: 0, isEnabled: true, config: [],
    selfRegistration: false, domainWhitelist: [], autoEnrollGroups: [],
  }],
};

const localStrategy = (): Record<string, unknown> => moduleLists().authStrategies.find((m) => m.key === 'local') ?? { key: 'local' };

export const authMutationResolvers = {
  login: async (_: unknown, args: Args, ctx: V2Context) => {
    rateLimit(ctx.svc, `${ctx.ip}:AuthenticationMutation.login`, 5, 60);
    try {
      if (args['strategy'] !== 'local') throw wikiError('AuthProviderInvalid');
      const email = String(args['username']).toLowerCase();
      const u = [...ctx.svc.data.t.users.values()].find((x) => x.email === email && x.providerKey === 'local' && !x.isSystem);
      if (u === undefined || !(await verifyPassword(String(args['password']), u.passwordHash))) throw wikiError('AuthLoginFailed');
      if (!u.isActive) throw wikiError('AuthAccountBanned');
      if (!u.isVerified) throw wikiError('AuthAccountNotVerified');
      const updated = { ...u, lastLoginAt: now() };
      touchUser(ctx.svc, updated);
      return {
        // A plain login sets the JWT and the redirect; the TFA/password-change flags stay null (observed).
        responseResult: success('Login success'), jwt: issueUserJwt(ctx.svc, updated), mustChangePwd: null,
        mustProvideTFA: null, mustSetupTFA: null, continuationToken: null, redirect: '/', tfaQRImage: null,
      };
    } catch (e) {
      return { responseResult: failure(e), jwt: null };
    }
  },
  createApiKey: (_: unknown, args: Args, ctx: V2Context) => {
    try {
      const groupId = args['fullAccess'] === true ? 1 : Number(args['group']);
      const rec = createApiKey(ctx.svc, String(args['name']), String(args['expiration']), groupId);
      return { responseResult: success('API Key created successfully'), key: rec.key };
    } catch (e) {
      return { responseResult: failure(e), key: null };
    }
  },
  revokeApiKey: (_: unknown, args: Args, ctx: V2Context) => {
    const k = ctx.svc.data.t.apiKeys.get(Number(args['id']));
    if (k !== undefined) ctx.svc.data.save('apiKeys', { ...k, isRevoked: true, updatedAt: now() });
    return { responseResult: success('API Key revoked successfully') };
  },
  setApiState: (_: unknown, args: Args, ctx: V2Context) => {
    ctx.svc.data.settings.apiEnabled = args['enabled'] === true;
    ctx.svc.data.saveSettings();
    return { responseResult: success('API State changed successfully') };
  },
};
