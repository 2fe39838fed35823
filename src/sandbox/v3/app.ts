import { randomBytes } from 'node:crypto';
import type { DialectApp, DialectInit } from '../dialect-app.js';
import { loadKeys } from '../v2/jwt.js';
import { bootstrapV3 } from './bootstrap.js';
import { newId, type V3Defect, type V3Service, sandboxError } from './context.js';
import { V3Data } from './data.js';
import { createV3Handler } from './http.js';

export const V3_ADMIN_EMAIL = 'admin@example.com';

export interface V3AppOptions {
  /** Clock for tests (rate-limit windows, expirations). @default Date.now */
  readonly now?: () => number;
  readonly adminPassword?: string;
  /** Apollo's logger stays silent unless false. @default true */
  readonly quiet?: boolean;
  /** Reproduce these 3.0.0 defects (tests of client workarounds). @default none */
  readonly defects?: readonly V3Defect[];
}

/**
 * The v3 dialect behind the shared sandbox listener (`startSandbox({ wikijsVersion: 3 })`):
 * bootstraps a fresh store like the 3.0.0 migration, or reopens a durable one.
 */
export async function createV3App(init: DialectInit, options: V3AppOptions = {}): Promise<DialectApp> {
  const now = options.now ?? Date.now;
  const data = new V3Data(init.store);
  let token: string;
  if (data.isEmpty) {
    const adminPassword = options.adminPassword ?? randomBytes(12).toString('base64url');
    token = await bootstrapV3(data, { adminEmail: V3_ADMIN_EMAIL, adminPassword, token: init.token, now: now() });
  } else {
    token = ensureToken(data, init.token, now());
  }
  await data.flush();
  const svc: V3Service = {
    data, keys: loadKeys({ privateKey: data.settings.jwtPrivateKey, publicKey: data.settings.jwtPublicKey }),
    rateHits: new Map(), continuations: new Map(), now, defects: new Set(options.defects ?? []),
  };
  const handler = await createV3Handler(svc, { quiet: options.quiet ?? true });
  return {
    token, adminEmail: V3_ADMIN_EMAIL, adminPassword: data.settings.adminPassword,
    handle: (req, res) => handler.handle(req, res),
    close: async () => {
      await handler.close();
      await data.flush();
    },
  };
}

/** A durable data dir reopened: hand out the wanted key (registering it if new) or the stored one. */
function ensureToken(data: V3Data, wanted: string | undefined, now: number): string {
  const keys = [...data.t.apiKeys.values()];
  const found = wanted !== undefined ? keys.find((k) => k.key === wanted && !k.isRevoked) : keys.find((k) => k.name === 'sandbox' && !k.isRevoked);
  if (found !== undefined) return found.key;
  if (wanted === undefined) throw sandboxError('the sandbox API key of this data dir was revoked; start with --token or --reset');
  const at = new Date(now).toISOString();
  data.save('apiKeys', {
    id: newId(), name: 'sandbox', key: wanted, keyShort: `...${wanted.slice(-20)}`, groups: [data.settings.adminGroupId],
    expiration: new Date(now + 10 * 365.25 * 864e5).toISOString(), isRevoked: false, createdAt: at, updatedAt: at,
  });
  return wanted;
}
