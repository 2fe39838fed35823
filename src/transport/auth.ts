import { AsyncLocalStorage } from 'node:async_hooks';
import type { AuthRefusalReason, Middleware, TransportResponse } from './types.js';

/** A refusal the auth-recovery layer hands to {@link CredentialProvider.recover}. */
export interface AuthRefusal {
  /** {@link CredentialProvider.version} when the refused request was sent. */
  readonly version: number;
  readonly reason: AuthRefusalReason;
}

/**
 * Supplies credentials per attempt, so a token refreshed between attempts applies to the next
 * one. Dialects implement it: a static API key, a JWT session (Wiki.js `new-jwt` renewal), a
 * MediaWiki cookie jar.
 */
export interface CredentialProvider {
  /** Headers to add to this attempt (Authorization, Cookie). */
  headers(url: string): Promise<Record<string, string>> | Record<string, string>;
  /** Sees every response, e.g. to pick up a renewed token or Set-Cookie. */
  observe?(response: TransportResponse): void;
  /** Secret values to scrub from any text that leaves the client. */
  secrets(): readonly string[];
  /** Bumped whenever the credentials change, so a refusal of old ones renews nothing. */
  version?(): number;
  /**
   * The server refused the credentials of `refusal.version`: re-authenticate (a login session
   * logs in again; a fixed API key has nothing to recover and leaves this out). Resolves true
   * when resending the request is worth it.
   */
  recover?(refusal: AuthRefusal): Promise<boolean>;
}

// The version of the credentials the last attempt of a request carried: the recovery layer sits
// above the limiter, and credentials may be renewed while a request waits there for its slot.
// The box names its provider: a request the credentials make meanwhile (a login through another
// transport) runs inside the same async context and must not write its own version into it.
export interface SentCredentials {
  readonly provider: CredentialProvider;
  version: number;
}
const sentWith = new AsyncLocalStorage<SentCredentials>();

/** Runs `send`, telling `box` which {@link CredentialProvider.version} its last attempt carried. */
export function recordingCredentialVersion<T>(box: SentCredentials, send: () => Promise<T>): Promise<T> {
  return sentWith.run(box, send);
}

export function authMiddleware(provider: CredentialProvider): Middleware {
  return (next) => async (request) => {
    const headers = { ...request.headers, ...(await provider.headers(request.url)) };
    const box = sentWith.getStore();
    if (box?.provider === provider) box.version = provider.version?.() ?? 0;
    const response = await next({ ...request, headers });
    provider.observe?.(response);
    return response;
  };
}
