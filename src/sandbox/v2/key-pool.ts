import { generateKeyPem, type KeyPairPem } from './jwt.js';

/**
 * RSA-2048 generation takes 100–500 ms of thread-pool time. `prewarmKey` starts one as soon as
 * the v2 dialect is chosen, so it overlaps loading Apollo/graphql-js (main thread) instead of
 * following it; `takeKeyPem` hands over that pending pair or starts a fresh one.
 * Internal module: not part of the public API.
 */
let pending: Promise<KeyPairPem> | undefined;

export function prewarmKey(): void {
  if (pending !== undefined) return;
  pending = generateKeyPem();
  // A pair nobody takes (restart with stored certs) must not surface as an unhandled rejection.
  pending.catch(() => undefined);
}

export function takeKeyPem(): Promise<KeyPairPem> {
  const p = pending ?? generateKeyPem();
  pending = undefined;
  return p;
}
