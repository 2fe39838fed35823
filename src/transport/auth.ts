import type { Middleware, TransportResponse } from './types.js';

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
}

export function authMiddleware(provider: CredentialProvider): Middleware {
  return (next) => async (request) => {
    const headers = { ...request.headers, ...(await provider.headers(request.url)) };
    const response = await next({ ...request, headers });
    provider.observe?.(response);
    return response;
  };
}
