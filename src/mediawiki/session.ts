import { AuthError, apiError } from '../errors.js';
import { scrubSecrets } from '../transport/index.js';
import type { ApiConnection, ApiResponse, RawCallResult } from './api.js';
import { mediawikiError } from './error-codes.js';
import { clientError } from '../client-errors.js';

export type TokenType = 'csrf' | 'watch' | 'patrol' | 'rollback';
export type LoginMode = 'auto' | 'botpassword' | 'clientlogin';

export interface UserInfo {
  readonly id: number;
  readonly name: string;
  readonly anon: boolean;
  readonly rights: readonly string[];
  readonly groups: readonly string[];
}

interface TokensAnswer {
  readonly query?: {
    readonly tokens?: Readonly<Record<string, string>>;
    readonly userinfo?: { id: number; name: string; anon?: boolean; rights?: string[]; groups?: string[] };
  };
}

const SESSION_TOKENS: readonly TokenType[] = ['csrf', 'watch', 'patrol', 'rollback'];

/**
 * Login (bot password via `action=login`, main account via `clientlogin`), the user it gave,
 * and the token cache. Tokens come lazily in one request with the user info and are dropped on
 * `badtoken` or re-login. Concurrent callers share one login and one token fetch.
 */
export class Session {
  private readonly conn: ApiConnection;
  private readonly username: string | undefined;
  // ES private (#): util.inspect / JSON.stringify of a client must not show the password or tokens.
  readonly #password: string | undefined;
  private readonly mode: LoginMode;
  #tokens = new Map<TokenType, string>();
  #tokensPromise: Promise<void> | undefined;
  private loginPromise: Promise<UserInfo> | undefined;
  /** Bumped on every login, so concurrent assert failures re-login once, not once each. */
  generation = 0;
  user: UserInfo | undefined;

  constructor(conn: ApiConnection, username: string | undefined, password: string | undefined, mode: LoginMode = 'auto') {
    this.conn = conn;
    this.username = username;
    this.#password = password;
    this.mode = mode;
    conn.jar.addSecret(password);
  }

  get hasCredentials(): boolean {
    return this.username !== undefined && this.username !== '' && this.#password !== undefined;
  }

  get loggedIn(): boolean {
    return this.user !== undefined && !this.user.anon;
  }

  /** `assert` value for writes: `bot` when the account has the bot right, `user` when logged in. */
  get assertion(): 'user' | 'bot' | undefined {
    if (!this.loggedIn) return undefined;
    return this.user?.rights.includes('bot') ? 'bot' : 'user';
  }

  hasRight(right: string): boolean {
    return this.user?.rights.includes(right) ?? false;
  }

  /** Logs in once, lazily; a no-op without credentials. */
  async ensure(signal?: AbortSignal): Promise<void> {
    if (!this.hasCredentials || this.loggedIn) return;
    await this.login(signal);
  }

  login(signal?: AbortSignal): Promise<UserInfo> {
    this.loginPromise ??= this.doLogin(signal).finally(() => {
      this.loginPromise = undefined;
    });
    return this.loginPromise;
  }

  /** Called after `assertuserfailed`: logs in again unless another caller already did since `seen`. */
  async relogin(seen: number, signal?: AbortSignal): Promise<void> {
    if (this.generation !== seen) return;
    this.user = undefined;
    this.invalidateTokens();
    this.conn.jar.clear();
    await this.login(signal);
  }

  async token(type: TokenType, signal?: AbortSignal): Promise<string> {
    const cached = this.#tokens.get(type);
    if (cached !== undefined) return cached;
    this.#tokensPromise ??= this.fetchTokensAndUser(signal).finally(() => {
      this.#tokensPromise = undefined;
    });
    await this.#tokensPromise;
    const token = this.#tokens.get(type);
    if (token === undefined) throw mediawikiError('notoken', `MediaWiki did not issue a ${type} token`, { category: 'auth' });
    return token;
  }

  invalidateTokens(): void {
    this.#tokens = new Map();
  }

  async logout(signal?: AbortSignal): Promise<void> {
    if (this.loggedIn) {
      const token = await this.token('csrf', signal);
      const result = await this.conn.send({ action: 'logout', token }, { kind: 'write', idempotent: true, signal });
      if (result.body.error) throw this.conn.toError('action=logout', result.body.error, result);
    }
    this.user = undefined;
    this.invalidateTokens();
    this.conn.jar.clear();
  }

  private async doLogin(signal?: AbortSignal): Promise<UserInfo> {
    if (!this.hasCredentials) throw clientError('nocredentials', 'MediaWiki login needs a username and password', { wiki: 'mediawiki' });
    const username = this.username ?? '';
    const password = this.#password ?? '';
    const useBotPassword = this.mode === 'botpassword' || (this.mode === 'auto' && username.includes('@'));
    for (let attempt = 1; ; attempt++) {
      const loginToken = await this.loginToken(signal);
      const outcome = useBotPassword
        ? await this.botPasswordLogin(username, password, loginToken, signal)
        : await this.clientLogin(username, password, loginToken, signal);
      if (outcome === 'retry' && attempt < 2) continue;
      if (outcome === 'retry') throw clientError('WrongToken', `MediaWiki login for "${username}" kept asking for a new login token`, { wiki: 'mediawiki' });
      break;
    }
    this.invalidateTokens();
    await this.fetchTokensAndUser(signal);
    const user = this.currentUser();
    if (!user || user.anon) {
      throw clientError('anonymous-session', `MediaWiki login for "${username}" succeeded but the session is anonymous (cookies not kept?)`, {
        wiki: 'mediawiki',
      });
    }
    this.generation++;
    return user;
  }

  // A method call keeps TypeScript from narrowing `user` across the awaits above.
  private currentUser(): UserInfo | undefined {
    return this.user;
  }

  private async loginToken(signal?: AbortSignal): Promise<string> {
    const result = await this.conn.send({ action: 'query', meta: 'tokens', type: 'login' }, { kind: 'read', name: 'login-token', signal });
    if (result.body.error) throw this.conn.toError('login-token', result.body.error, result);
    const token = (result.body as TokensAnswer).query?.tokens?.['logintoken'];
    if (!token) throw mediawikiError('notoken', 'MediaWiki did not issue a login token', { category: 'auth', request: result.request });
    return token;
  }

  private async botPasswordLogin(username: string, password: string, token: string, signal?: AbortSignal): Promise<'ok' | 'retry'> {
    const result = await this.conn.send(
      { action: 'login', lgname: username, lgpassword: password, lgtoken: token },
      { kind: 'write', idempotent: true, name: 'action=login', signal },
    );
    if (result.body.error) throw this.authFailure('action=login', result.body.error.code, result.body.error.info ?? '', result);
    const login = result.body['login'] as { result?: string; reason?: string | { text?: string } } | undefined;
    if (login?.result === 'Success') return 'ok';
    if (login?.result === 'NeedToken' || login?.result === 'WrongToken') return 'retry';
    const reason = typeof login?.reason === 'string' ? login.reason : (login?.reason?.text ?? '');
    throw this.authFailure('action=login', login?.result ?? 'Failed', reason, result);
  }

  private async clientLogin(username: string, password: string, token: string, signal?: AbortSignal): Promise<'ok' | 'retry'> {
    const result = await this.conn.send(
      { action: 'clientlogin', username, password, logintoken: token, loginreturnurl: new URL('/', this.conn.apiUrl).toString() },
      { kind: 'write', idempotent: true, name: 'action=clientlogin', signal },
    );
    if (result.body.error) {
      if (result.body.error.code === 'badtoken') return 'retry';
      throw this.authFailure('action=clientlogin', result.body.error.code, result.body.error.info ?? '', result);
    }
    const login = result.body['clientlogin'] as { status?: string; message?: string; messagecode?: string } | undefined;
    if (login?.status === 'PASS') return 'ok';
    if (login?.status === 'UI' || login?.status === 'REDIRECT') {
      throw this.authFailure('action=clientlogin', login.status, `interactive login step required (${login.messagecode ?? 'unknown'}); use a bot password`, result);
    }
    throw this.authFailure('action=clientlogin', login?.messagecode ?? login?.status ?? 'FAIL', login?.message ?? '', result);
  }

  private authFailure(operation: string, code: string, info: string, result: RawCallResult): AuthError {
    const text = scrubSecrets(info, this.conn.jar.secrets());
    return apiError('auth', 
      `MediaWiki ${operation} failed for "${this.username ?? ''}": ${code}${text ? ` (${text})` : ''} [${result.request.method} ${result.request.url}]`,
      { wiki: 'mediawiki', code, request: result.request, httpStatus: result.status, details: { info: text } },
    );
  }

  private async fetchTokensAndUser(signal?: AbortSignal): Promise<void> {
    const result = await this.conn.send(
      { action: 'query', meta: 'tokens|userinfo', type: SESSION_TOKENS.join('|'), uiprop: 'rights|groups' },
      { kind: 'read', name: 'tokens', signal },
    );
    if (result.body.error) throw this.conn.toError('tokens', result.body.error, result);
    this.applyTokens(result.body);
  }

  private applyTokens(body: ApiResponse): void {
    const query = (body as TokensAnswer).query;
    const tokens = query?.tokens ?? {};
    for (const type of SESSION_TOKENS) {
      const value: unknown = tokens[`${type}token`];
      // Only a string is a token; anything else is left out, so the call asking for it fails typed.
      if (typeof value === 'string') {
        this.#tokens.set(type, value);
        this.conn.jar.addSecret(value.length >= 4 ? value : undefined);
      }
    }
    const info = query?.userinfo;
    if (info) {
      this.user = { id: info.id, name: info.name, anon: info.anon === true, rights: info.rights ?? [], groups: info.groups ?? [] };
    }
  }
}
