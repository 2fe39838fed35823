import type { CredentialProvider, TransportResponse } from '../transport/index.js';

interface StoredCookie {
  readonly value: string;
  readonly expiresAt: number | undefined;
}

/**
 * The session's cookies, as a transport CredentialProvider: sent on every attempt, updated from
 * every answer's Set-Cookie. One jar per client (one API origin), so name is the key; MediaWiki
 * sets all its session cookies on path `/` of the API's host.
 */
export class CookieJar implements CredentialProvider {
  // ES private (#): util.inspect and JSON.stringify of a client must not show session cookies or secrets.
  readonly #cookies = new Map<string, StoredCookie>();
  readonly #extraSecrets = new Set<string>();
  private readonly now: () => number;

  constructor(now: () => number = Date.now) {
    this.now = now;
  }

  headers(): Record<string, string> {
    const now = this.now();
    const pairs: string[] = [];
    for (const [name, cookie] of this.#cookies) {
      if (cookie.expiresAt !== undefined && cookie.expiresAt <= now) this.#cookies.delete(name);
      else pairs.push(`${name}=${cookie.value}`);
    }
    return pairs.length === 0 ? {} : { cookie: pairs.join('; ') };
  }

  observe(response: TransportResponse): void {
    for (const line of response.headers.getSetCookie()) this.setCookie(line);
  }

  setCookie(line: string): void {
    const [pair, ...attributes] = line.split(';');
    if (!pair) return;
    const eq = pair.indexOf('=');
    if (eq <= 0) return;
    const name = pair.slice(0, eq).trim();
    const value = pair.slice(eq + 1).trim();
    let expiresAt: number | undefined;
    for (const attribute of attributes) {
      const [rawKey, ...rest] = attribute.split('=');
      const key = rawKey?.trim().toLowerCase();
      const attrValue = rest.join('=').trim();
      if (key === 'max-age' && /^-?\d+$/.test(attrValue)) {
        expiresAt = this.now() + Number(attrValue) * 1000;
        break; // Max-Age wins over Expires (RFC 6265 §5.3 step 3)
      }
      if (key === 'expires') {
        const date = Date.parse(attrValue);
        if (!Number.isNaN(date)) expiresAt = date;
      }
    }
    if (value === '' || value === 'deleted' || (expiresAt !== undefined && expiresAt <= this.now())) {
      this.#cookies.delete(name);
      return;
    }
    this.#cookies.set(name, { value, expiresAt });
  }

  clear(): void {
    this.#cookies.clear();
  }

  get size(): number {
    return this.#cookies.size;
  }

  /** Registers a value (password, token) that must be scrubbed from any outgoing text. */
  addSecret(value: string | undefined): void {
    if (value && value.length >= 4) this.#extraSecrets.add(value);
  }

  secrets(): readonly string[] {
    return [...this.#extraSecrets, ...[...this.#cookies.values()].map((cookie) => cookie.value)];
  }
}
