/**
 * Wiki.js credentials as transport {@link CredentialProvider}s: a fixed API key, or a JWT
 * session from `authentication.login` kept alive the way the server renews it.
 *
 * Wiki.js 2 sends a renewed token in a `new-jwt` response header when the one presented is
 * expired but still renewable; the session adopts it. Like the Python SDK it also logs in
 * again before the token has less than 5 minutes left, and it logs in once more when the
 * transport's auth-recovery layer reports a call refused because the token was no longer
 * accepted ({@link JwtSession.recover}). An API key has nothing to recover.
 */
import { usageError } from '../errors.js';
import type { AuthRefusal, CredentialProvider } from '../transport/index.js';

export const REFRESH_MARGIN_MS = 5 * 60_000;

/** The claims of a JWT, without verifying it; undefined when the token is not a readable JWT. */
export function jwtClaims(token: string): Record<string, unknown> | undefined {
  const payload = token.split('.')[1];
  if (!payload) return undefined;
  try {
    const json: unknown = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8'));
    return typeof json === 'object' && json !== null && !Array.isArray(json) ? (json as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** `exp` (ms since epoch) of a JWT, without verifying it; undefined when unreadable. */
export function jwtExpiry(token: string): number | undefined {
  const exp = jwtClaims(token)?.['exp'];
  return typeof exp === 'number' ? exp * 1000 : undefined;
}

export class ApiKeyCredentials implements CredentialProvider {
  readonly #key: string;

  constructor(key: string) {
    this.#key = key;
  }

  headers(): Record<string, string> {
    return { authorization: `Bearer ${this.#key}` };
  }

  secrets(): readonly string[] {
    return [this.#key];
  }

  toString(): string {
    return 'ApiKeyCredentials([REDACTED])';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}

export type LoginFunction = (username: string, password: string, strategy: string) => Promise<string>;

export class JwtSession implements CredentialProvider {
  readonly username: string;
  readonly strategy: string;
  readonly #password: string;
  readonly #now: () => number;
  #token: string | undefined;
  #obtainedAt = 0;
  #expiresAt: number | undefined;
  #login: LoginFunction | undefined;
  #isGuest: (() => Promise<boolean>) | undefined;
  #pending: Promise<void> | undefined;
  #generation = 0;
  /** Logins performed (initial + renewals), for tests and diagnostics. */
  logins = 0;
  /** Tokens adopted from `new-jwt` headers. */
  renewals = 0;

  constructor(username: string, password: string, strategy: string, now: () => number = Date.now) {
    this.username = username;
    this.#password = password;
    this.strategy = strategy;
    this.#now = now;
  }

  /** Set once the dialect is known (login documents differ between majors). */
  setLogin(login: LoginFunction): void {
    this.#login = login;
  }

  /**
   * Set with the login: tells whether the server now treats this session as the Guest (an
   * expired token is not refused by Wiki.js, it silently becomes the Guest).
   */
  setGuestCheck(isGuest: () => Promise<boolean>): void {
    this.#isGuest = isGuest;
  }

  get hasToken(): boolean {
    return this.#token !== undefined;
  }

  private expiresSoon(): boolean {
    if (this.#expiresAt === undefined) return false;
    const remaining = this.#expiresAt - this.#now();
    // A token that lives less than 10 minutes would otherwise be renewed on every call (and
    // the login mutation allows 5 calls a minute): renew it at half-life instead.
    const margin = Math.min(REFRESH_MARGIN_MS, (this.#expiresAt - this.#obtainedAt) / 2);
    return remaining < margin;
  }

  async headers(): Promise<Record<string, string>> {
    if (this.#token === undefined || this.expiresSoon()) await this.refresh();
    return this.#token === undefined ? {} : { authorization: `Bearer ${this.#token}` };
  }

  observe(response: { readonly headers: Headers }): void {
    const renewed = response.headers.get('new-jwt');
    if (renewed && renewed !== this.#token) {
      this.adopt(renewed);
      this.renewals++;
    }
  }

  /** Logs in (once for any number of concurrent callers). */
  refresh(): Promise<void> {
    this.#pending ??= (async () => {
      try {
        if (!this.#login) throw usageError('JwtSession used before the client chose a dialect', { field: 'login' });
        const token = await this.#login(this.username, this.#password, this.strategy);
        this.logins++;
        this.adopt(token);
      } finally {
        this.#pending = undefined;
      }
    })();
    return this.#pending;
  }

  /** Drops the token so the next call logs in again (after the server stopped accepting it). */
  invalidate(): void {
    this.#token = undefined;
    this.#expiresAt = undefined;
  }

  /** Bumped whenever a new token is adopted (login or `new-jwt`); lets callers tell whose token failed. */
  get generation(): number {
    return this.#generation;
  }

  /**
   * The server refused the token of `generation`. Logs in again only when no one has replaced
   * that token yet: N calls failing together cost one login, not N (the login mutation allows
   * 5 calls a minute).
   */
  async renewRejected(generation: number): Promise<void> {
    if (this.#pending) return this.#pending;
    if (generation !== this.#generation) return;
    this.invalidate();
    return this.refresh();
  }

  version(): number {
    return this.#generation;
  }

  /**
   * A call sent with the token of `refusal.version` was refused. Another call replaced that
   * token meanwhile → resend with the new one. Rejected outright → log in again. Forbidden →
   * log in again only when the server now sees the Guest; a user lacking a right is not fixed
   * by a login (and logins are limited to 5 a minute).
   */
  async recover(refusal: AuthRefusal): Promise<boolean> {
    if (refusal.version !== this.#generation) return true;
    // A login under way replaces the refused token: checking the identity now would see the new one.
    if (this.#pending) {
      await this.#pending;
      return true;
    }
    if (refusal.reason === 'permission' && !(await this.#isGuest?.().catch(() => false))) return false;
    await this.renewRejected(refusal.version);
    return true;
  }

  private adopt(token: string): void {
    this.#generation++;
    this.#token = token;
    this.#obtainedAt = this.#now();
    this.#expiresAt = jwtExpiry(token);
  }

  secrets(): readonly string[] {
    return this.#token === undefined ? [this.#password] : [this.#password, this.#token];
  }

  toString(): string {
    return `JwtSession(${this.username}, [REDACTED])`;
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return this.toString();
  }
}
