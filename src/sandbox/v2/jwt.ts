import { createPrivateKey, createPublicKey, generateKeyPair, sign, verify, type KeyObject } from 'node:crypto';

/**
 * RS256 JWTs as Wiki.js 2 issues them (jsonwebtoken, audience/issuer `urn:wiki.js`), built on
 * node:crypto so a client that decodes the token (expiry, `api`/`grp` claims) sees the same
 * structure.
 */
export interface KeyPairPem {
  privateKey: string;
  publicKey: string;
}

export interface JwtKeys {
  readonly privateKey: KeyObject;
  readonly publicKey: KeyObject;
}

export const JWT_AUDIENCE = 'urn:wiki.js';
export const JWT_ISSUER = 'urn:wiki.js';

export async function generateKeyPem(): Promise<KeyPairPem> {
  return new Promise((resolve, reject) => {
    generateKeyPair(
      'rsa',
      { modulusLength: 2048, publicKeyEncoding: { type: 'spki', format: 'pem' }, privateKeyEncoding: { type: 'pkcs8', format: 'pem' } },
      (err, publicKey, privateKey) => {
        if (err) reject(err);
        else resolve({ publicKey, privateKey });
      },
    );
  });
}

export function loadKeys(pem: KeyPairPem): JwtKeys {
  return { privateKey: createPrivateKey(pem.privateKey), publicKey: createPublicKey(pem.publicKey) };
}

const b64 = (v: unknown): string => Buffer.from(JSON.stringify(v)).toString('base64url');

export function signJwt(keys: JwtKeys, claims: Record<string, unknown>, expiresInSec: number, nowMs = Date.now()): string {
  const iat = Math.floor(nowMs / 1000);
  const payload = { ...claims, iat, exp: iat + expiresInSec, aud: JWT_AUDIENCE, iss: JWT_ISSUER };
  const data = `${b64({ alg: 'RS256', typ: 'JWT' })}.${b64(payload)}`;
  return `${data}.${sign('sha256', Buffer.from(data), keys.privateKey).toString('base64url')}`;
}

export type JwtCheck =
  | { ok: true; payload: Record<string, unknown> }
  | { ok: false; reason: 'malformed' | 'signature' | 'claims' }
  | { ok: false; reason: 'expired'; payload: Record<string, unknown>; expiredAtMs: number };

export function verifyJwt(keys: JwtKeys, token: string, nowMs = Date.now()): JwtCheck {
  const parts = token.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'malformed' };
  const [h, p, s] = parts as [string, string, string];
  let payload: Record<string, unknown>;
  try {
    const header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8')) as { alg?: unknown };
    if (header.alg !== 'RS256') return { ok: false, reason: 'malformed' };
    payload = JSON.parse(Buffer.from(p, 'base64url').toString('utf8')) as Record<string, unknown>;
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!verify('sha256', Buffer.from(`${h}.${p}`), keys.publicKey, Buffer.from(s, 'base64url'))) {
    return { ok: false, reason: 'signature' };
  }
  if (payload['aud'] !== JWT_AUDIENCE || payload['iss'] !== JWT_ISSUER) return { ok: false, reason: 'claims' };
  const exp = payload['exp'];
  if (typeof exp === 'number' && exp * 1000 <= nowMs) return { ok: false, reason: 'expired', payload, expiredAtMs: exp * 1000 };
  return { ok: true, payload };
}

/** The `ms` package's format as Wiki.js uses it for key expirations ("1y", "30d", "30m"). */
export function parseDuration(text: string): number | undefined {
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d|w|y)?\s*$/i.exec(text);
  if (!m) return undefined;
  const n = Number(m[1]);
  const unit = (m[2] ?? 'ms').toLowerCase();
  const mult: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 36e5, d: 864e5, w: 6048e5, y: 315576e5 };
  return n * (mult[unit] ?? 1);
}

/**
 * RSA verification dominates a small request, and clients send the same key on every call:
 * a token whose signature and claims were proven once only needs its expiry re-checked.
 * Bounded (oldest entry evicted) so a flood of distinct tokens cannot grow memory.
 */
export function verifyJwtCached(keys: JwtKeys, token: string, cache: Map<string, Record<string, unknown>>, nowMs = Date.now()): JwtCheck {
  const hit = cache.get(token);
  if (hit === undefined) {
    const check = verifyJwt(keys, token, nowMs);
    if (check.ok) {
      if (cache.size >= VERIFIED_CACHE_SIZE) {
        const oldest = cache.keys().next();
        if (oldest.done !== true) cache.delete(oldest.value);
      }
      cache.set(token, check.payload);
    }
    return check;
  }
  const exp = hit['exp'];
  if (typeof exp === 'number' && exp * 1000 <= nowMs) {
    cache.delete(token);
    return { ok: false, reason: 'expired', payload: hit, expiredAtMs: exp * 1000 };
  }
  return { ok: true, payload: hit };
}

const VERIFIED_CACHE_SIZE = 1024;
