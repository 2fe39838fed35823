import { randomBytes, randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { usageError } from '../../errors.js';
import type { PageRule } from './access.js';
import { defaultSite } from './admin.js';
import { createApiKey } from './auth.js';
import { guestIdentity, now, type V2Context, type V2Service } from './context.js';
import type { V2Data } from './data.js';
import type { KeyPairPem } from './jwt.js';
import { takeKeyPem } from './key-pool.js';
import { createPage } from './pages.js';
import { hashPassword } from './passwords.js';
import type { GroupRec, UserRec } from './records.js';
import { DEFAULT_GROUP_PERMISSIONS } from './users.js';

/** First-boot state of a fresh Wiki.js 2 install after /finalize, plus the sandbox's own key. */
export const ADMIN_EMAIL = 'admin@example.com';

/** Seed file (documented in docs/sandbox.md). */
export interface SeedFile {
  groups?: Array<{ name: string; permissions?: string[]; pageRules?: PageRule[] }>;
  users?: Array<{ email: string; name: string; password: string; groups?: Array<number | string> }>;
  pages?: Array<{ path: string; title: string; content: string; locale?: string; description?: string; tags?: string[]; isPublished?: boolean; isPrivate?: boolean; editor?: string }>;
}

export async function loadOrCreateKeyPem(data: V2Data): Promise<KeyPairPem> {
  const existing = data.getMeta<KeyPairPem>('certs');
  if (existing !== undefined) return existing;
  const pem = await takeKeyPem();
  data.setMeta('certs', pem);
  return pem;
}

function group(id: number, name: string, permissions: string[], rule: PageRule): GroupRec {
  const ts = now();
  return { id, name, isSystem: true, redirectOnLogin: '/', permissions, pageRules: [rule], createdAt: ts, updatedAt: ts };
}

function user(svc: Installer, id: number, email: string, name: string, hash: string, isSystem: boolean, groups: number[]): UserRec {
  const ts = now();
  return {
    id, email, name, providerKey: 'local', passwordHash: hash, isSystem, isActive: true, isVerified: true, location: '', jobTitle: '',
    timezone: 'America/New_York', dateFormat: '', appearance: '', createdAt: ts, updatedAt: ts, lastLoginAt: null, tfaIsActive: false,
    mustChangePwd: false, groupIds: groups, rowSeq: svc.data.nextId('userRows'),
  };
}

/** What a first boot needs (no keys yet: they are generated at the same time). */
export type Installer = Pick<V2Service, 'data' | 'baseUrl'>;

export async function bootstrapInstall(svc: Installer, adminPassword: string): Promise<void> {
  const d = svc.data;
  const guestRoles = ['read:pages', 'read:assets', 'read:comments'];
  d.save('groups', group(d.nextId('groups'), 'Administrators', ['manage:system'], { id: 'admin', deny: false, match: 'START', roles: ['manage:system'], path: '', locales: [] }));
  d.save('groups', group(d.nextId('groups'), 'Guests', guestRoles, { id: 'guest', deny: false, match: 'START', roles: guestRoles, path: '', locales: [] }));
  const adminId = d.nextId('users');
  const guestId = d.nextId('users');
  // Guest row first: the real install updates the admin row last, so an unordered SELECT lists the guest first.
  d.save('users', user(svc, guestId, 'guest@example.com', 'Guest', '', true, [2]));
  d.save('users', user(svc, adminId, ADMIN_EMAIL, 'Administrator', await hashPassword(adminPassword), false, [1]));
  d.setMeta('settings', {
    // A real install starts with the API disabled; the sandbox exists to be used through it.
    apiEnabled: true,
    site: defaultSite(svc.baseUrl()),
    // A fresh install's navigation holds one Home link (observed).
    navigation: [{ locale: 'en', items: [{ id: randomUUID(), kind: 'link', label: 'Home', icon: 'mdi-home', targetType: 'home', target: '/', visibilityMode: 'all', visibilityGroups: null }] }],
    navigationMode: 'MIXED',
    theming: { theme: 'default', iconset: 'mdi', darkMode: false, tocPosition: 'left', injectCSS: '', injectHead: '', injectBody: '' },
    telemetryClientId: randomUUID(),
  });
  d.setMeta('adminPassword', adminPassword);
}

export function generatePassword(): string {
  return randomBytes(12).toString('base64url');
}

/** The key `startSandbox` reports: the given literal token, or a stored/generated full-access JWT key. */
export function ensureAccessKey(svc: V2Service, token: string | undefined): string {
  const keys = [...svc.data.t.apiKeys.values()];
  if (token !== undefined) {
    const found = keys.find((k) => k.key === token && !k.isRevoked);
    if (found !== undefined) return found.key;
    return createApiKey(svc, 'wikikit-sandbox', '10y', 1, token).key;
  }
  const storedId = svc.data.getMeta<number>('sandboxKeyId');
  const stored = storedId === undefined ? undefined : svc.data.t.apiKeys.get(storedId);
  if (stored !== undefined && !stored.isRevoked && Date.parse(stored.expiration) > Date.now()) return stored.key;
  const rec = createApiKey(svc, 'wikikit-sandbox', '1y', 1);
  svc.data.setMeta('sandboxKeyId', rec.id);
  return rec.key;
}

/**
 * Reads and checks a seed file before anything starts, so a typo is a usage error naming the
 * file and the entry, never a half-seeded store or a crash.
 * @throws {UsageError} (field `seed`)
 */
export async function loadSeed(file: string): Promise<SeedFile> {
  const fail = (what: string, cause?: unknown): never => {
    throw usageError(`seed file ${file}: ${what}`, { field: 'seed', ...(cause === undefined ? {} : { cause }) });
  };
  let text = '';
  try {
    text = await readFile(file, 'utf8');
  } catch (cause) {
    fail(`cannot be read (${(cause as NodeJS.ErrnoException).code ?? 'error'})`, cause);
  }
  let seed: unknown;
  try {
    seed = JSON.parse(text);
  } catch (cause) {
    fail(`is not valid JSON (${(cause as Error).message})`, cause);
  }
  if (typeof seed !== 'object' || seed === null || Array.isArray(seed)) return fail('must be a JSON object with "groups", "users" and/or "pages"');
  const record = seed as Record<string, unknown>;
  const list = (key: string, required: readonly string[]): void => {
    const value = record[key];
    if (value === undefined) return;
    if (!Array.isArray(value)) fail(`"${key}" must be an array`);
    (value as unknown[]).forEach((entry, i) => {
      if (typeof entry !== 'object' || entry === null) fail(`${key}[${String(i)}] must be an object`);
      for (const field of required) {
        if (typeof (entry as Record<string, unknown>)[field] !== 'string') fail(`${key}[${String(i)}].${field} must be a string`);
      }
    });
  };
  list('groups', ['name']);
  list('users', ['email', 'name', 'password']);
  list('pages', ['path', 'title', 'content']);
  return record; // the required fields are checked above; the optional ones are documented in docs/sandbox.md
}

export async function applySeed(svc: V2Service, seed: SeedFile): Promise<void> {
  const d = svc.data;
  const groupIds = new Map<string, number>();
  for (const g of seed.groups ?? []) {
    const ts = now();
    const perms = g.permissions ?? [...DEFAULT_GROUP_PERMISSIONS];
    const rec: GroupRec = {
      id: d.nextId('groups'), name: g.name, isSystem: false, redirectOnLogin: '/', permissions: perms,
      pageRules: g.pageRules ?? [{ id: 'default', deny: false, match: 'START', roles: perms, path: '', locales: [] }], createdAt: ts, updatedAt: ts,
    };
    d.save('groups', rec);
    groupIds.set(g.name, rec.id);
  }
  for (const u of seed.users ?? []) {
    const groups = (u.groups ?? []).map((g) => (typeof g === 'number' ? g : (groupIds.get(g) ?? 0))).filter((g) => d.t.groups.has(g));
    d.save('users', user(svc, d.nextId('users'), u.email.toLowerCase(), u.name, await hashPassword(u.password), false, groups));
  }
  const admin = d.t.users.get(1);
  const ctx: V2Context = {
    svc, ip: '127.0.0.1',
    user: { ...guestIdentity(svc), id: 1, email: admin?.email ?? ADMIN_EMAIL, name: 'Administrator', permissions: ['manage:system'], groups: [1], isGuest: false },
  };
  for (const p of seed.pages ?? []) {
    try {
      createPage(ctx, {
        path: p.path, title: p.title, content: p.content, locale: p.locale ?? 'en', description: p.description ?? '',
        tags: p.tags ?? [], isPublished: p.isPublished ?? true, isPrivate: p.isPrivate ?? false, editor: p.editor ?? 'markdown',
      });
    } catch (cause) {
      throw usageError(`seed page "${p.path}": ${cause instanceof Error ? cause.message : String(cause)}`, { field: 'seed', cause });
    }
  }
}
