import { generateKeyPem, signJwt, loadKeys } from '../v2/jwt.js';
import { hashPassword, newId } from './context.js';
import type { V3Data } from './data.js';
import type { GroupRec, UserRec } from './records.js';

/** Fixed ids the 3.0.0 migration creates (see shared/wikijs/v3/observed-behaviour.md, "Test setup"). */
export const USERS_GROUP_ID = '20000000-0000-4000-8000-000000000002';
export const GUESTS_GROUP_ID = '10000000-0000-4000-8000-000000000001';
export const LOCAL_STRATEGY_ID = '5a528c4c-0a82-4ad2-96a5-2b23811e6588';
const READER_PERMISSIONS = ['read:pages', 'read:assets', 'read:comments'];

export interface BootstrapOptions {
  adminEmail: string;
  adminPassword: string;
  /** The key `startSandbox` hands out; a JWT-shaped API key is minted when omitted. */
  token?: string | undefined;
  now: number;
}

function group(id: string, name: string, permissions: string[], at: string): GroupRec {
  return {
    id, name, isSystem: true, permissions,
    rules: [{ id: newId(), name: 'Default Rule', mode: 'ALLOW', match: 'START', roles: [...permissions], path: '', locales: [], sites: [] }],
    redirectOnLogin: '', redirectOnFirstLogin: '', redirectOnLogout: '', createdAt: at, updatedAt: at,
  };
}

function user(id: string, email: string, name: string, password: string, groups: string[], isSystem: boolean, at: string): UserRec {
  return {
    id, email, name, passwordHash: hashPassword(password), isSystem, isActive: true, isVerified: true, mustChangePassword: false, groups,
    meta: { jobTitle: '', location: '', pronouns: '' },
    prefs: { cvd: 'none', timezone: 'America/New_York', appearance: 'site', dateFormat: 'YYYY-MM-DD', timeFormat: '12h' },
    createdAt: at, updatedAt: at, lastLoginAt: null,
  };
}

/**
 * What the 3.0.0 migration leaves in a fresh database: the default site (`*`), the three
 * system groups, the local strategy, a guest and an admin; plus (sandbox only) the API switched
 * on and one full-access API key, because keys are how scripts authenticate.
 * @returns the API key to hand out.
 */
export async function bootstrapV3(data: V3Data, options: BootstrapOptions): Promise<string> {
  const at = new Date(options.now).toISOString();
  const pem = await generateKeyPem();
  const adminGroupId = newId();
  const guestUserId = newId();
  const adminUserId = newId();
  data.setSettings({
    apiEnabled: true, jwtPrivateKey: pem.privateKey, jwtPublicKey: pem.publicKey, localStrategyId: LOCAL_STRATEGY_ID,
    adminGroupId, usersGroupId: USERS_GROUP_ID, guestsGroupId: GUESTS_GROUP_ID, guestUserId, adminUserId,
    nextLegacyPageId: 1, nextVersionId: 1, adminPassword: options.adminPassword,
  });
  const siteId = newId();
  data.save('sites', { id: siteId, hostname: '*', isEnabled: true, title: 'Default Site', description: '', company: '', contentLicense: '', createdAt: at, updatedAt: at });
  data.save('groups', group(adminGroupId, 'Administrators', ['manage:system'], at));
  data.save('groups', group(USERS_GROUP_ID, 'Users', [...READER_PERMISSIONS], at));
  data.save('groups', group(GUESTS_GROUP_ID, 'Guests', [...READER_PERMISSIONS], at));
  data.save('users', user(adminUserId, options.adminEmail.toLowerCase(), 'Administrator', options.adminPassword, [adminGroupId], false, at));
  data.save('users', user(guestUserId, 'guest@example.com', 'Guest', newId(), [GUESTS_GROUP_ID], true, at));
  const keyId = newId();
  const expiration = new Date(options.now + 10 * 365.25 * 864e5).toISOString();
  const key = options.token ?? signJwt(loadKeys(pem), { api: keyId, grp: [adminGroupId] }, Math.floor((Date.parse(expiration) - options.now) / 1000), options.now);
  data.save('apiKeys', { id: keyId, name: 'sandbox', key, keyShort: `...${key.slice(-20)}`, groups: [adminGroupId], expiration, isRevoked: false, createdAt: at, updatedAt: at });
  return key;
}
