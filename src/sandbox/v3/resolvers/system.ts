import { hostname, cpus, totalmem, platform, type as osType } from 'node:os';
import { randomBytes } from 'node:crypto';
import { signJwt, parseDuration, verifyJwt } from '../../v2/jwt.js';
import { can, checkPassword, fail, hashPassword, isAdmin, newId, nowIso, ok, rateLimit, type V3Context, sandboxError } from '../context.js';
import type { SiteRec, UserRec } from '../records.js';

type Maybe<T> = T | null | undefined;

/** JWT lifetime of `login`, as 3.0.0 configures it (30 minutes). */
const JWT_TTL_SEC = 30 * 60;

function siteView(s: SiteRec): Record<string, unknown> {
  return {
    ...s, footerExtra: '', pageExtensions: 'md,html,txt', pageCasing: true, logoText: true, sitemap: true, discoverable: false,
    robots: { index: true, follow: true }, features: null, defaults: null, uploads: null, locales: null, editors: null, theme: null,
  };
}

function strategy(ctx: V3Context): Record<string, unknown> {
  const id = ctx.svc.data.settings.localStrategyId;
  return {
    id, displayName: 'Local Authentication', isEnabled: true, config: {}, registration: false, allowedEmailRegex: '', autoEnrollGroups: [],
    strategy: { key: 'local', title: 'Local Database', description: 'Built-in authentication for Wiki.js', isAvailable: true, useForm: true, usernameType: 'email', props: {}, refs: {}, logo: '', color: '', vendor: 'Wiki.js', website: 'https://wiki.js.org', icon: '' },
  };
}

function issueJwt(ctx: V3Context, user: UserRec): string {
  return signJwt(ctx.svc.keys, { id: user.id, email: user.email, name: user.name, grp: user.groups }, JWT_TTL_SEC, ctx.svc.now());
}

const noAuth = { jwt: null, nextAction: null, continuationToken: null, redirect: null, tfaQRImage: null };

export const systemQueries = {
  /** Readable by the guest: how a client learns the default `siteId` before it has a token. */
  sites: (_: unknown, __: unknown, ctx: V3Context) => [...ctx.svc.data.t.sites.values()].map(siteView),
  siteById: (_: unknown, args: { id: string }, ctx: V3Context) => {
    const s = ctx.svc.data.t.sites.get(args.id);
    return s === undefined ? null : siteView(s);
  },
  siteByHostname: (_: unknown, args: { hostname: string; exact: boolean }, ctx: V3Context) => {
    const sites = [...ctx.svc.data.t.sites.values()];
    const s = sites.find((x) => x.hostname === args.hostname) ?? (args.exact ? undefined : sites.find((x) => x.hostname === '*'));
    return s === undefined ? null : siteView(s);
  },
  authSiteStrategies: (_: unknown, args: { siteId: string }, ctx: V3Context) =>
    ctx.svc.data.t.sites.has(args.siteId) ? [{ id: ctx.svc.data.settings.localStrategyId, isVisible: true, activeStrategy: strategy(ctx) }] : [],
  authActiveStrategies: (_: unknown, __: unknown, ctx: V3Context) => [strategy(ctx)],

  apiState(_: unknown, __: unknown, ctx: V3Context): boolean {
    if (!can(ctx, 'manage:api')) throw sandboxError('ERR_FORBIDDEN');
    return ctx.svc.data.settings.apiEnabled;
  },
  apiKeys(_: unknown, __: unknown, ctx: V3Context): Record<string, unknown>[] {
    if (!can(ctx, 'manage:api')) throw sandboxError('ERR_FORBIDDEN');
    return [...ctx.svc.data.t.apiKeys.values()].map((k) => ({ id: k.id, name: k.name, keyShort: k.keyShort, expiration: k.expiration, isRevoked: k.isRevoked, createdAt: k.createdAt, updatedAt: k.updatedAt }));
  },
  userPermissions(_: unknown, __: unknown, ctx: V3Context): string[] {
    if (ctx.user.isGuest) throw sandboxError('ERR_NOT_AUTHENTICATED');
    return isAdmin(ctx) ? ['manage:system'] : [...ctx.user.permissions];
  },

  systemInfo(_: unknown, __: unknown, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:system')) throw sandboxError('ERR_FORBIDDEN');
    const t = ctx.svc.data.t;
    return {
      configFile: '(sandbox)', cpuCores: cpus().length, currentVersion: '3.0.0', latestVersion: '3.0.0', latestVersionReleaseDate: null,
      dbHost: 'sandbox', dbType: 'sandbox', dbVersion: '0', hostname: hostname(), httpPort: 0, httpRedirection: false, httpsPort: 0,
      isMailConfigured: false, isSchedulerHealthy: true, loginsPastDay: [...t.users.values()].filter((u) => u.lastLoginAt !== null && ctx.svc.now() - Date.parse(u.lastLoginAt) < 864e5).length,
      nodeVersion: process.versions.node, operatingSystem: `${osType()} ${platform()}`, platform: platform(),
      pagesTotal: t.pages.size, groupsTotal: t.groups.size, usersTotal: t.users.size, tagsTotal: t.tags.size,
      ramTotal: `${Math.round(totalmem() / 1024 / 1024)} MB`, sslDomain: null, sslExpirationDate: null, sslProvider: null, sslStatus: null, sslSubscriberEmail: null,
      upgradeCapable: false, workingDirectory: '(sandbox)',
    };
  },
  systemFlags: (_: unknown, __: unknown, ctx: V3Context) => {
    if (!can(ctx, 'manage:system')) throw sandboxError('ERR_FORBIDDEN');
    return { experimental: false, authDebug: false, sqlLog: false };
  },
};

export const systemMutations = {
  /** `@rateLimit(limit: 5, duration: 60)` per client ip; counted before the password is checked. */
  login(_: unknown, args: { username: string; password: string; strategyId: string; siteId: string }, ctx: V3Context): Record<string, unknown> {
    rateLimit(ctx, 'login', 5, 60);
    const data = ctx.svc.data;
    // 3.0.0 answers a TypeError (`WIKI.Error.AuthProviderInvalid`); the sandbox gives the documented key.
    if (args.strategyId !== data.settings.localStrategyId) return { operation: fail('ERR_INVALID_STRATEGY'), ...noAuth };
    if (!data.t.sites.has(args.siteId)) return { operation: fail('ERR_INVALID_SITE'), ...noAuth };
    const email = args.username.trim().toLowerCase();
    const user = [...data.t.users.values()].find((u) => u.email === email && !u.isSystem);
    if (user === undefined || !checkPassword(args.password, user.passwordHash)) return { operation: fail('ERR_LOGIN_FAILED'), ...noAuth };
    if (!user.isActive) return { operation: fail('ERR_INACTIVE_USER'), ...noAuth };
    data.save('users', { ...user, lastLoginAt: nowIso(ctx.svc) });
    if (user.mustChangePassword) {
      const token = randomBytes(24).toString('hex');
      ctx.svc.continuations.set(token, user.id);
      return { operation: ok('Login success'), jwt: null, nextAction: 'changePassword', continuationToken: token, redirect: '/', tfaQRImage: null };
    }
    return { operation: ok('Login success'), jwt: issueJwt(ctx, user), nextAction: 'redirect', continuationToken: null, redirect: '/', tfaQRImage: null };
  },

  changePassword(
    _: unknown,
    args: { continuationToken?: Maybe<string>; currentPassword?: Maybe<string>; newPassword: string; strategyId: string; siteId: string },
    ctx: V3Context,
  ): Record<string, unknown> {
    rateLimit(ctx, 'changePassword', 5, 60);
    const data = ctx.svc.data;
    let user: UserRec | undefined;
    if (args.continuationToken != null) {
      const id = ctx.svc.continuations.get(args.continuationToken);
      if (id === undefined) return { operation: fail('ERR_INVALID_TOKEN'), ...noAuth };
      user = data.t.users.get(id);
    } else {
      if (ctx.user.isGuest) return { operation: fail('ERR_NOT_AUTHENTICATED'), ...noAuth };
      user = data.t.users.get(ctx.user.userId);
      if (user !== undefined && !checkPassword(args.currentPassword ?? '', user.passwordHash)) return { operation: fail('ERR_INCORRECT_CURRENT_PASSWORD'), ...noAuth };
    }
    if (user === undefined) return { operation: fail('ERR_INVALID_USER'), ...noAuth };
    if (args.newPassword.length < 8) return { operation: fail('ERR_PASSWORD_TOO_SHORT'), ...noAuth };
    const next: UserRec = { ...user, passwordHash: hashPassword(args.newPassword), mustChangePassword: false, updatedAt: nowIso(ctx.svc) };
    data.save('users', next);
    if (args.continuationToken != null) ctx.svc.continuations.delete(args.continuationToken);
    return { operation: ok('Password changed successfully'), jwt: issueJwt(ctx, next), nextAction: 'redirect', continuationToken: null, redirect: '/', tfaQRImage: null };
  },

  refreshToken(_: unknown, args: { token: string }, ctx: V3Context): Record<string, unknown> {
    rateLimit(ctx, 'refreshToken', 30, 60);
    const check = verifyJwt(ctx.svc.keys, args.token, ctx.svc.now());
    const id = check.ok || check.reason === 'expired' ? ('payload' in check ? check.payload['id'] : undefined) : undefined;
    const user = typeof id === 'string' ? ctx.svc.data.t.users.get(id) : undefined;
    if (user === undefined) return { operation: fail(check.ok || check.reason === 'expired' ? 'ERR_INVALID_USER' : 'ERR_INVALID_TOKEN'), jwt: null };
    return { operation: ok('Token refreshed successfully'), jwt: issueJwt(ctx, user) };
  },

  createApiKey(_: unknown, args: { name: string; expiration: string; groups: Array<string | null> }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:api')) return { operation: fail('ERR_FORBIDDEN'), key: null };
    const data = ctx.svc.data;
    const ms = parseDuration(args.expiration);
    if (ms === undefined || ms <= 0) return { operation: fail('ERR_INVALID_INPUT: Invalid expiration'), key: null };
    const groups = args.groups.filter((g): g is string => g !== null);
    if (groups.some((g) => !data.t.groups.has(g))) return { operation: fail('ERR_INVALID_INPUT: Invalid Group ID'), key: null };
    const id = newId();
    const now = ctx.svc.now();
    const key = signJwt(ctx.svc.keys, { api: id, grp: groups }, Math.floor(ms / 1000), now);
    const at = new Date(now).toISOString();
    data.save('apiKeys', { id, name: args.name, key, keyShort: `...${key.slice(-20)}`, groups, expiration: new Date(now + ms).toISOString(), isRevoked: false, createdAt: at, updatedAt: at });
    return { operation: ok('API Key created successfully'), key };
  },

  revokeApiKey(_: unknown, args: { id: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:api')) return { operation: fail('ERR_FORBIDDEN') };
    const k = ctx.svc.data.t.apiKeys.get(args.id);
    if (k === undefined) return { operation: fail('ERR_INVALID_INPUT: Invalid API Key ID') };
    ctx.svc.data.save('apiKeys', { ...k, isRevoked: true, updatedAt: nowIso(ctx.svc) });
    return { operation: ok('API Key revoked successfully') };
  },

  setApiState(_: unknown, args: { enabled: boolean }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:api')) return { operation: fail('ERR_FORBIDDEN') };
    ctx.svc.data.settings.apiEnabled = args.enabled;
    ctx.svc.data.saveSettings();
    return { operation: ok('API State changed successfully') };
  },

  createSite(_: unknown, args: { hostname: string; title: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:sites', 'manage:system')) return { operation: fail('ERR_FORBIDDEN'), site: null };
    const host = args.hostname.trim().toLowerCase();
    if (host === '' || [...ctx.svc.data.t.sites.values()].some((s) => s.hostname === host)) return { operation: fail('ERR_INVALID_INPUT: Invalid Site Hostname'), site: null };
    const at = nowIso(ctx.svc);
    const site: SiteRec = { id: newId(), hostname: host, isEnabled: true, title: args.title, description: '', company: '', contentLicense: '', createdAt: at, updatedAt: at };
    ctx.svc.data.save('sites', site);
    return { operation: ok('Site created successfully'), site: siteView(site) };
  },

  deleteSite(_: unknown, args: { id: string }, ctx: V3Context): Record<string, unknown> {
    if (!can(ctx, 'manage:sites', 'manage:system')) return { operation: fail('ERR_FORBIDDEN') };
    const site = ctx.svc.data.t.sites.get(args.id);
    if (site === undefined) return { operation: fail('ERR_INVALID_SITE') };
    if (site.hostname === '*') return { operation: fail('ERR_FORBIDDEN') };
    ctx.svc.data.remove('sites', site.id);
    return { operation: ok('Site deleted successfully') };
  },
};

