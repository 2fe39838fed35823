/**
 * The administration fields a real Wiki.js 2.5.314 serves that the rest of the sandbox did not:
 * flags, telemetry and HTTPS switches, the export job, module settings (auth strategies, comment
 * providers, storage targets, search engines), locale settings, the two-step login of a user who
 * must change the password, profile and password changes, and the refusals of what no test
 * server can do (upgrade, v1 import, Let's Encrypt). Answers, messages and codes are those the
 * real server gives (measured against 2.5.314 by the contract suite).
 *
 * State lives in memory per sandbox (not in the store): it is admin configuration a rehearsal
 * changes and puts back, and a restart resetting it to a fresh install's is what `--fresh` gives.
 */
import { randomBytes } from 'node:crypto';
import { authMutationResolvers, issueUserJwt } from './auth.js';
import { commentQueryResolvers } from './comments.js';
import { now, type V2Context, type V2Service } from './context.js';
import { hashPassword, verifyPassword } from './passwords.js';
import { touchUser } from './users.js';
import { failure, success, wikiError, type WikiErrorShape, jsError } from './wiki-errors.js';

type Args = Record<string, unknown>;
type Pair = { key: string; value: string };

/** Codes the shared table does not list yet (server/helpers/error.js of 2.5.314). */
function extraError(slug: 'SystemSSLDisabled' | 'AuthValidationTokenInvalid', code: number, message: string): WikiErrorShape {
  const err = new Error(message);
  err.name = slug;
  return Object.assign(err, { code, wikiJs: true as const });
}

interface TargetState { isEnabled: boolean; mode: string; syncInterval: string; config: Record<string, unknown> }
interface StrategyState { displayName: string; order: number; isEnabled: boolean; selfRegistration: boolean; domainWhitelist: string[]; autoEnrollGroups: number[] }

interface AdminState {
  flags: Map<string, boolean>;
  telemetry: boolean;
  httpsRedirection: boolean;
  export: { status: string; progress: number; message: string; startedAt: string | null };
  usedExportPaths: Set<string>;
  targets: Map<string, TargetState>;
  commentProviders: Map<string, { isEnabled: boolean; config: Record<string, unknown> }>;
  local: StrategyState;
  locale: { locale: string; autoUpdate: boolean; namespacing: boolean; namespaces: string[] };
  /** Continuation tokens of logins that must change the password first → user id. */
  changePwdTokens: Map<string, number>;
}

const STATE = new WeakMap<V2Service, AdminState>();

function state(svc: V2Service): AdminState {
  let s = STATE.get(svc);
  if (s === undefined) {
    s = {
      flags: new Map([['ldapdebug', false], ['sqllog', false]]),
      telemetry: false,
      httpsRedirection: false,
      export: { status: 'notrunning', progress: 0, message: '', startedAt: null },
      usedExportPaths: new Set(),
      targets: new Map(),
      commentProviders: new Map(),
      local: { displayName: 'Local', order: 0, isEnabled: true, selfRegistration: false, domainWhitelist: [], autoEnrollGroups: [] },
      locale: { locale: 'en', autoUpdate: true, namespacing: false, namespaces: [] }, // a fresh real install says true
      changePwdTokens: new Map(),
    };
    STATE.set(svc, s);
  }
  return s;
}

/** `{ key, value: '{"v": …}' }` pairs of a mutation → values (what the server reads: `v`). */
function readPairs(pairs: unknown): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const p of Array.isArray(pairs) ? (pairs as Pair[]) : []) {
    try {
      out[p.key] = (JSON.parse(p.value) as { v?: unknown } | null)?.v ?? null;
    } catch {
      throw new SyntaxError(`Unexpected token in JSON at position 0`);
    }
  }
  return out;
}

const EXTENSIONS = [
  { key: 'git', title: 'Git', description: 'Distributed version control system. Required for the Git storage module.', isInstalled: true, isCompatible: true },
  { key: 'pandoc', title: 'Pandoc', description: 'Convert between markup formats. Required for converting from other formats such as MediaWiki, AsciiDoc, Textile and other wikis.', isInstalled: false, isCompatible: true },
  { key: 'puppeteer', title: 'Puppeteer', description: 'Headless chromium browser for server-side rendering. Required for generating PDF versions of pages and render content elements on a page (e.g. Charts and Diagrams).', isInstalled: false, isCompatible: true },
  { key: 'sharp', title: 'Sharp', description: 'Process and transform images. Required to generate thumbnails of uploaded images and perform transformations.', isInstalled: false, isCompatible: true },
];

/** The disk target's settings (its definition on 2.5.314); other targets keep what they are sent. */
const DISK_PROPS: Record<string, { type: string; title: string; default: unknown; order: number }> = {
  path: { type: 'String', title: 'Path', default: '', order: 1 },
  createDailyBackups: { type: 'Boolean', title: 'Create Daily Backups', default: false, order: 2 },
};

export const moreSystemQueryResolvers = {
  flags: (_: unknown, _a: Args, ctx: V2Context) => [...state(ctx.svc).flags].map(([key, value]) => ({ key, value })),
  extensions: () => EXTENSIONS,
  exportStatus: (_: unknown, _a: Args, ctx: V2Context) => state(ctx.svc).export,
};

export const moreSystemMutationResolvers = {
  updateFlags: (_: unknown, args: Args, ctx: V2Context) => {
    const s = state(ctx.svc);
    s.flags = new Map((Array.isArray(args['flags']) ? (args['flags'] as { key: string; value: boolean }[]) : []).map((f) => [f.key, f.value]));
    return { responseResult: success('System Flags applied successfully') };
  },
  resetTelemetryClientId: (_: unknown, _a: Args, ctx: V2Context) => {
    ctx.svc.data.settings.telemetryClientId = randomBytes(16).toString('hex').replace(/^(.{8})(.{4})(.{4})(.{4})/, '$1-$2-$3-$4-');
    ctx.svc.data.saveSettings();
    return { responseResult: success('Telemetry state updated successfully') };
  },
  // The two messages are swapped on the real server too.
  setTelemetry: (_: unknown, args: Args, ctx: V2Context) => {
    state(ctx.svc).telemetry = args['enabled'] === true;
    return { responseResult: success('Telemetry Client ID has been reset successfully') };
  },
  setHTTPSRedirection: (_: unknown, args: Args, ctx: V2Context) => {
    state(ctx.svc).httpsRedirection = args['enabled'] === true;
    return { responseResult: success('HTTP Redirection state set successfully.') };
  },
  renewHTTPSCertificate: () => ({ responseResult: failure(extraError('SystemSSLDisabled', 7002, 'SSL is not enabled.')) }),
  performUpgrade: () => ({ responseResult: failure(new Error('You must run the wiki-update-companion container and pass the UPGRADE_COMPANION env var in order to use this feature.')) }),
  importUsersFromV1: (_: unknown, args: Args) => {
    const conn = typeof args['mongoDbConnString'] === 'string' ? args['mongoDbConnString'] : '';
    const message = conn.length > 10 ? 'The sandbox has no MongoDB driver: a Wiki.js 1.x import needs a real server.' : 'MongoDB Connection String is missing or invalid.';
    return { responseResult: failure(new Error(message)) };
  },
  /** The real server writes JSON files into `path` on its disk; the sandbox records the job only. */
  export: (_: unknown, args: Args, ctx: V2Context) => {
    const s = state(ctx.svc);
    try {
      if (s.export.status === 'running') throw jsError('Error', 'Another export is already running.');
      const entities = Array.isArray(args['entities']) ? args['entities'] : [];
      if (entities.length < 1) throw jsError('Error', 'Must specify at least 1 entity to export.');
      const path = String(args['path']);
      if (s.usedExportPaths.has(path)) throw jsError('Error', 'Target directory must be empty!');
      s.usedExportPaths.add(path);
      s.export = { status: 'success', progress: 100, message: '', startedAt: now() };
      return { responseResult: success('Export started successfully.') };
    } catch (e) {
      return { responseResult: failure(e) };
    }
  },
};

export const moreUserMutationResolvers = {
  // 2.5.314's resolver is `return false`: an answer with no status.
  resetPassword: () => false,
  updateProfile: (_: unknown, args: Args, ctx: V2Context) => {
    try {
      if (ctx.user.isGuest || ctx.user.id < 1 || ctx.user.id === 2) throw wikiError('AuthRequired');
      const u = ctx.svc.data.t.users.get(ctx.user.id);
      if (u === undefined) throw wikiError('UserNotFound');
      if (!u.isActive) throw wikiError('AuthAccountBanned');
      if (!u.isVerified) throw wikiError('AuthAccountNotVerified');
      if (!['', 'DD/MM/YYYY', 'DD.MM.YYYY', 'MM/DD/YYYY', 'YYYY-MM-DD', 'YYYY/MM/DD'].includes(String(args['dateFormat']))) throw wikiError('InputInvalid');
      if (!['', 'light', 'dark'].includes(String(args['appearance']))) throw wikiError('InputInvalid');
      const updated = {
        ...u, name: String(args['name']).trim(), jobTitle: String(args['jobTitle']).trim(), location: String(args['location']).trim(),
        timezone: String(args['timezone']), dateFormat: String(args['dateFormat']), appearance: String(args['appearance']), updatedAt: now(), lastLoginAt: now(),
      };
      touchUser(ctx.svc, updated);
      return { responseResult: success('User profile updated successfully'), jwt: issueUserJwt(ctx.svc, updated) };
    } catch (e) {
      return { responseResult: failure(e), jwt: null };
    }
  },
  changePassword: async (_: unknown, args: Args, ctx: V2Context) => {
    try {
      if (ctx.user.isGuest || ctx.user.id < 1 || ctx.user.id === 2) throw wikiError('AuthRequired');
      const u = ctx.svc.data.t.users.get(ctx.user.id);
      if (u === undefined) throw wikiError('UserNotFound');
      if (!u.isActive) throw wikiError('AuthAccountBanned');
      if (!u.isVerified) throw wikiError('AuthAccountNotVerified');
      if (u.providerKey !== 'local') throw wikiError('AuthProviderInvalid');
      if (!(await verifyPassword(String(args['current']), u.passwordHash))) throw wikiError('AuthPasswordInvalid');
      const updated = { ...u, passwordHash: await hashPassword(String(args['new'])), updatedAt: now(), lastLoginAt: now() };
      touchUser(ctx.svc, updated);
      return { responseResult: success('Password changed successfully'), jwt: issueUserJwt(ctx.svc, updated) };
    } catch (e) {
      return { responseResult: failure(e), jwt: null };
    }
  },
};

function activeLocal(svc: V2Service) {
  const l = state(svc).local;
  return {
    key: 'local', strategy: { key: 'local', props: [], title: 'Local', description: 'Built-in authentication for Wiki.js', isAvailable: true, useForm: true, usernameType: 'email', logo: '', color: 'blue-grey darken-2', website: 'https://wiki.js.org', icon: '' },
    displayName: l.displayName, order: l.order, isEnabled: l.isEnabled, config: [], selfRegistration: l.selfRegistration, domainWhitelist: l.domainWhitelist, autoEnrollGroups: l.autoEnrollGroups,
  };
}

export const moreAuthQueryResolvers = {
  activeStrategies: (_: unknown, args: Args, ctx: V2Context) => {
    const all = [activeLocal(ctx.svc)];
    return args['enabledOnly'] === true ? all.filter((s) => s.isEnabled) : all;
  },
};

const originalLogin = authMutationResolvers.login;

export const moreAuthMutationResolvers = {
  /** A user flagged "must change password" gets a continuation token instead of a JWT. */
  login: async (src: unknown, args: Args, ctx: V2Context) => {
    const result = (await originalLogin(src, args, ctx)) as { responseResult: { succeeded: boolean }; jwt: string | null };
    if (!result.responseResult.succeeded) return result;
    const email = String(args['username']).toLowerCase();
    const u = [...ctx.svc.data.t.users.values()].find((x) => x.email === email && x.providerKey === 'local');
    if (u === undefined || !u.mustChangePwd) return result;
    const token = randomBytes(32).toString('hex');
    state(ctx.svc).changePwdTokens.set(token, u.id);
    return { ...result, jwt: null, mustChangePwd: true, continuationToken: token, redirect: '/' };
  },
  loginChangePassword: async (_: unknown, args: Args, ctx: V2Context) => {
    try {
      const pwd = typeof args['newPassword'] === 'string' ? args['newPassword'] : '';
      if (pwd.length < 6) throw wikiError('InputInvalid', 'Password must be at least 6 characters!');
      const s = state(ctx.svc);
      const token = String(args['continuationToken']);
      const id = s.changePwdTokens.get(token);
      if (id === undefined) throw extraError('AuthValidationTokenInvalid', 1015, 'Invalid validation token.');
      s.changePwdTokens.delete(token);
      const u = ctx.svc.data.t.users.get(id);
      if (u === undefined) throw wikiError('UserNotFound');
      if (!u.isActive) throw wikiError('AuthAccountBanned');
      const updated = { ...u, passwordHash: await hashPassword(pwd), mustChangePwd: false, lastLoginAt: now() };
      touchUser(ctx.svc, updated);
      return { responseResult: success('Password changed successfully'), jwt: issueUserJwt(ctx.svc, updated) };
    } catch (e) {
      return { responseResult: failure(e), jwt: null };
    }
  },
  // No TFA secrets exist in the sandbox: every token is unknown, as a made-up one is on the real server.
  loginTFA: () => ({ responseResult: failure(extraError('AuthValidationTokenInvalid', 1015, 'Invalid validation token.')), jwt: null }),
  forgotPassword: (_: unknown, args: Args, ctx: V2Context) => {
    const email = String(args['email']);
    const u = [...ctx.svc.data.t.users.values()].find((x) => x.email === email && x.providerKey === 'local');
    // Unknown or disabled accounts are silently discarded; a known one needs mail, which the sandbox has not.
    if (u === undefined || !u.isActive) return { responseResult: success('Password reset request processed.') };
    return { responseResult: failure(wikiError('MailNotConfigured')) };
  },
  register: (_: unknown, _a: Args, ctx: V2Context) => {
    if (!state(ctx.svc).local.selfRegistration) return { responseResult: failure(wikiError('AuthRegistrationDisabled')), jwt: null };
    return { responseResult: failure(wikiError('MailNotConfigured')), jwt: null };
  },
  updateStrategies: (_: unknown, args: Args, ctx: V2Context) => {
    try {
      const list = Array.isArray(args['strategies']) ? (args['strategies'] as (StrategyState & { key: string; strategyKey: string })[]) : [];
      const local = list.find((s) => s.key === 'local');
      // The local strategy always has users (the admin): the real server refuses to delete it.
      if (local === undefined) throw jsError('Error', 'Cannot delete Local as 1 or more users are still using it.');
      if (list.some((s) => s.key !== 'local')) throw jsError('Error', 'The sandbox offers the local strategy only.');
      state(ctx.svc).local = {
        displayName: local.displayName, order: local.order, isEnabled: local.isEnabled, selfRegistration: local.selfRegistration,
        domainWhitelist: [...local.domainWhitelist], autoEnrollGroups: [...local.autoEnrollGroups],
      };
      return { responseResult: success('Strategies updated successfully') };
    } catch (e) {
      return { responseResult: failure(e) };
    }
  },
  resetGuestUser: (_: unknown, _a: Args, ctx: V2Context) => {
    const guest = ctx.svc.data.t.users.get(2);
    if (guest !== undefined) touchUser(ctx.svc, { ...guest, email: 'guest@example.com', name: 'Guest', isSystem: true, isActive: true, isVerified: true, tfaIsActive: false, groupIds: [2] });
    return { responseResult: success('Guest user has been reset successfully.') };
  },
};

export const moreCommentQueryResolvers = {
  providers: (_: unknown, _a: Args, ctx: V2Context) => {
    const stored = state(ctx.svc).commentProviders;
    return (commentQueryResolvers.providers() as { key: string; isEnabled: boolean; config: Pair[] }[]).map((p) => {
      const s = stored.get(p.key);
      if (s === undefined) return p;
      return {
        ...p, isEnabled: s.isEnabled,
        config: p.config.map((c) => (c.key in s.config ? { key: c.key, value: JSON.stringify({ ...(JSON.parse(c.value) as object), value: s.config[c.key] }) } : c)),
      };
    });
  },
};

export const moreCommentMutationResolvers = {
  updateProviders: (_: unknown, args: Args, ctx: V2Context) => {
    try {
      for (const p of Array.isArray(args['providers']) ? (args['providers'] as { key: string; isEnabled: boolean; config?: Pair[] }[]) : []) {
        state(ctx.svc).commentProviders.set(p.key, { isEnabled: p.isEnabled, config: readPairs(p.config) });
      }
      return { responseResult: success('Comment Providers updated successfully') };
    } catch (e) {
      return { responseResult: failure(e) };
    }
  },
};

export function moreStorageQueryResolvers(baseTargets: () => Record<string, unknown>[]) {
  return {
    targets: (_: unknown, _a: Args, ctx: V2Context) => baseTargets().map((t) => {
      const key = String(t['key']);
      const s = state(ctx.svc).targets.get(key);
      const props = key === 'disk' ? DISK_PROPS : {};
      const values = s?.config ?? {};
      const config = Object.entries(props).map(([k, def]) => ({ key: k, value: JSON.stringify({ ...def, value: values[k] ?? def.default }) }));
      return {
        ...t, config, ...(s ? { isEnabled: s.isEnabled, mode: s.mode, syncInterval: s.syncInterval } : {}),
        actions: key === 'disk' ? [{ handler: 'dump', label: 'Dump all content to disk' }, { handler: 'backup', label: 'Create Backup' }, { handler: 'importAll', label: 'Import Everything' }] : t['actions'],
      };
    }),
    status: (_: unknown, _a: Args, ctx: V2Context) => [...state(ctx.svc).targets].filter(([, s]) => s.isEnabled).map(([key]) => ({ key, title: key, status: 'operational', message: '', lastAttempt: now() })),
  };
}

export function moreStorageMutationResolvers(knownKeys: () => string[]) {
  return {
    updateTargets: (_: unknown, args: Args, ctx: V2Context) => {
      try {
        for (const t of Array.isArray(args['targets']) ? (args['targets'] as { key: string; isEnabled: boolean; mode: string; syncInterval?: string; config?: Pair[] }[]) : []) {
          if (!knownKeys().includes(t.key)) continue; // skipped silently, as on the real server
          state(ctx.svc).targets.set(t.key, { isEnabled: t.isEnabled, mode: t.mode, syncInterval: t.syncInterval ?? 'P0D', config: readPairs(t.config) });
        }
        return { responseResult: success('Storage targets updated successfully') };
      } catch (e) {
        return { responseResult: failure(e) };
      }
    },
    /** The sandbox does not write to disk: an action on an enabled target completes as a no-op. */
    executeAction: (_: unknown, args: Args, ctx: V2Context) => {
      const s = state(ctx.svc).targets.get(String(args['targetKey']));
      if (s === undefined || !s.isEnabled) return { responseResult: failure(new Error('Invalid or Inactive Storage Target')) };
      if (args['targetKey'] !== 'disk' || !['dump', 'backup', 'importAll'].includes(String(args['handler']))) return { responseResult: failure(new Error('Invalid Handler for Storage Target')) };
      return { responseResult: success('Action completed.') };
    },
  };
}

export const moreLocalizationQueryResolvers = {
  config: (_: unknown, _a: Args, ctx: V2Context) => state(ctx.svc).locale,
  // An offline 2.5.314 install (as the test server runs) has no locale strings loaded.
  translations: () => {
    throw jsError('Error', 'Invalid locale or namespace');
  },
};

export const moreLocalizationMutationResolvers = {
  updateLocale: (_: unknown, args: Args, ctx: V2Context) => {
    try {
      const locale = String(args['locale']);
      if (locale !== 'en') throw new TypeError("Cannot read properties of undefined (reading 'isRTL')");
      const namespaces = Array.isArray(args['namespaces']) ? (args['namespaces'] as unknown[]).map(String) : [];
      state(ctx.svc).locale = { locale, autoUpdate: args['autoUpdate'] === true, namespacing: args['namespacing'] === true, namespaces: [...new Set([...namespaces, locale])] };
      return { responseResult: success('Locale config updated') };
    } catch (e) {
      return { responseResult: failure(e) };
    }
  },
  // Offline (as the test server runs) the download job ends at once and reports success.
  downloadLocale: () => ({ responseResult: success('Locale downloaded successfully') }),
};

export const moreSearchMutationResolvers = {
  updateSearchEngines: (_: unknown, args: Args) => {
    const engines = Array.isArray(args['engines']) ? (args['engines'] as { key: string; isEnabled: boolean }[]) : [];
    const active = engines.filter((e) => e.isEnabled).at(-1)?.key;
    if (active !== undefined && active !== 'db') return { responseResult: failure(new Error('The sandbox offers the db search engine only.')) };
    return { responseResult: success('Search Engines updated successfully') };
  },
};
