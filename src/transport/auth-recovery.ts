/**
 * Auth recovery as middleware: an answer the dialect classifies as refused credentials gets one
 * re-authentication through the {@link CredentialProvider} and one resend of the same request.
 * A refused request was not applied, so resending a write is safe.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { recordingCredentialVersion, type CredentialProvider } from './auth.js';
import type { AuthRefusalReason, Middleware, TransportResponse } from './types.js';

// Requests made while recovering (an identity check, a login) must not start a recovery of
// their own: the outer one is already deciding, and nesting would log in twice.
const suspended = new AsyncLocalStorage<true>();

/**
 * Runs `call` with no auth recovery for the requests it makes: an identity check must see how
 * the server treats the credentials now, not after a re-login.
 */
export function withoutAuthRecovery<T>(call: () => Promise<T>): Promise<T> {
  return suspended.run(true, call);
}

/** True inside a recovery or {@link withoutAuthRecovery} (dialects then send reads unbatched). */
export function authRecoverySuspended(): boolean {
  return suspended.getStore() === true;
}

export function authRecoveryMiddleware(provider: CredentialProvider): Middleware {
  const recover = provider.recover?.bind(provider);
  if (!recover) return (next) => next;
  return (next) => async (request) => {
    const classify = request.authFailure;
    if (classify === undefined || authRecoverySuspended()) return next(request);
    const sent = { provider, version: provider.version?.() ?? 0 };
    const response = await recordingCredentialVersion(sent, () => next(request));
    const reason = classify(response);
    if (reason === undefined) return response;
    const resend = await withoutAuthRecovery(() => recover({ version: sent.version, reason }));
    // Once: a second refusal is the answer.
    return resend ? next(request) : response;
  };
}

/** For endpoints that refuse a session with a bare HTTP status (no body to read): 401 / 403. */
export function statusAuthFailure(response: TransportResponse): AuthRefusalReason | undefined {
  return response.status === 401 ? 'credentials' : response.status === 403 ? 'permission' : undefined;
}
