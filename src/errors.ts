/**
 * The one place wikikit's error classes are declared.
 *
 * Catch by category (`instanceof ConflictError`), discriminate by the wiki's own identity
 * (`e.code`, `e.slug`). Every error carries a redacted {@link RequestSummary}, never the live
 * request, so a token can't leak through `message`, `toJSON()` or a log line.
 */

import { REDACTED, redactUrl, redactVariables, scrubSecrets, type RequestSummary } from './transport/redact.js';

export type { RequestSummary };

/** Which wiki answered. */
export type WikiKind = 'wikijs-v2' | 'wikijs-v3' | 'mediawiki';

/** The categories callers catch by; also what the CLI turns into exit codes. */
export type ErrorCategory =
  | 'usage'
  | 'network'
  | 'timeout'
  | 'http'
  | 'auth'
  | 'permission'
  | 'not-found'
  | 'conflict'
  | 'validation'
  | 'rate-limit'
  | 'api';

export interface WikikitErrorOptions {
  cause?: unknown;
  request?: RequestSummary | undefined;
  /** Attempts made before giving up (1 = no retry). */
  attempts?: number;
  /**
   * Secret values (tokens, passwords) the message or cause might quote. They are replaced by
   * `[REDACTED]` when the error is built, so no caller has to remember to scrub.
   */
  secrets?: Iterable<string | undefined> | undefined;
}

// Credentials that show up in free text without the caller knowing them as values:
// `Bearer …` headers, `?token=…` style query/form pairs, `user:pass@` in URLs.
const SECRET_PATTERNS: ReadonlyArray<readonly [RegExp, string]> = [
  [/\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/g, `$1 ${REDACTED}`],
  // Only query/form pairs (after `?` or `&`): a usage message may legitimately say `key=value`.
  [/([?&](?:[a-z_]*token|password|passwd|lgpassword|apikey|api_key|secret|key|jwt)=)[^&\s"']+/gi, `$1${REDACTED}`],
  [/(\/\/)[^/\s:@]+:[^/\s@]+@/g, `$1`],
];

/** Redacts known secret values and secret-shaped substrings from free text. */
export function redactText(text: string, secrets: Iterable<string | undefined> = []): string {
  let out = scrubSecrets(text, secrets);
  for (const [pattern, replacement] of SECRET_PATTERNS) out = out.replace(pattern, replacement);
  return out;
}

/**
 * The cause is kept (callers and `--verbose` need it), but its text is scrubbed in place: a copy
 * would break `error.cause === original` checks, and a leaked token in `cause.message` is the
 * classic way secrets reach a log.
 */
function redactCause(cause: unknown, secrets: readonly (string | undefined)[], depth = 0): void {
  if (!(cause instanceof Error) || depth > 4) return;
  const message = redactText(cause.message, secrets);
  if (message !== cause.message) cause.message = message;
  if (typeof cause.stack === 'string') {
    const stack = redactText(cause.stack, secrets);
    if (stack !== cause.stack) cause.stack = stack;
  }
  redactCause(cause.cause, secrets, depth + 1);
}

/** Summaries are normally redacted already; the same object comes back unless something leaked. */
function redactSummary(request: RequestSummary): RequestSummary {
  const url = redactUrl(request.url);
  const variables = request.variables === undefined ? undefined : redactVariables(request.variables);
  const same = url === request.url && JSON.stringify(variables) === JSON.stringify(request.variables);
  return same ? request : { ...request, url, ...(variables === undefined ? {} : { variables }) };
}

/** Base class of every error wikikit throws on purpose. */
export abstract class WikikitError extends Error {
  abstract readonly category: ErrorCategory;
  readonly request: RequestSummary | undefined;
  attempts: number;

  constructor(message: string, options: WikikitErrorOptions = {}) {
    const secrets = [...(options.secrets ?? [])];
    super(redactText(message, secrets), options.cause === undefined ? undefined : { cause: options.cause });
    redactCause(options.cause, secrets);
    this.name = new.target.name;
    this.request = options.request === undefined ? undefined : redactSummary(options.request);
    this.attempts = options.attempts ?? 1;
  }

  /** The only serialisation `--json` output and logs use; already redacted. */
  toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = {
      name: this.name,
      category: this.category,
      message: this.message,
    };
    if (this.request) json['request'] = this.request;
    if (this.attempts > 1) json['attempts'] = this.attempts;
    return json;
  }
}

/** Bad input caught before any request was sent. `field` names what was wrong. */
export class UsageError extends WikikitError {
  readonly category = 'usage' as const;
  readonly field: string | undefined;
  constructor(message: string, options: WikikitErrorOptions & { field?: string } = {}) {
    super(message, options);
    this.field = options.field;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), ...(this.field === undefined ? {} : { field: this.field }) };
  }
}

/** No usable answer arrived. */
export abstract class TransportError extends WikikitError {}

/** DNS failure, connection refused or reset, TLS failure. `cause` holds the low-level error. */
export class NetworkError extends TransportError {
  readonly category = 'network' as const;
}

/** A deadline passed: one attempt's (`attempt`) or the whole operation's (`total`). */
export class TimeoutError extends TransportError {
  readonly category = 'timeout' as const;
  readonly phase: 'attempt' | 'total';
  readonly timeoutMs: number;
  constructor(message: string, options: WikikitErrorOptions & { phase: 'attempt' | 'total'; timeoutMs: number }) {
    super(message, options);
    this.phase = options.phase;
    this.timeoutMs = options.timeoutMs;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), phase: this.phase, timeoutMs: this.timeoutMs };
  }
}

/** An HTTP status the wiki did not explain (e.g. a proxy's 502 page). */
export class HttpError extends WikikitError {
  readonly category = 'http' as const;
  readonly status: number;
  /** At most 1 KiB of the body, redacted. */
  readonly bodyExcerpt: string;
  readonly retryAfterMs: number | undefined;
  constructor(
    message: string,
    options: WikikitErrorOptions & { status: number; bodyExcerpt?: string; retryAfterMs?: number | undefined },
  ) {
    super(message, options);
    this.status = options.status;
    this.bodyExcerpt = options.bodyExcerpt ?? '';
    this.retryAfterMs = options.retryAfterMs;
  }
  override toJSON(): Record<string, unknown> {
    return { ...super.toJSON(), status: this.status };
  }
}

function isPrototypeInstance(ctor: abstract new (...args: never[]) => unknown, value: unknown): boolean {
  return typeof value === 'object' && value !== null && Object.prototype.isPrototypeOf.call(ctor.prototype, value);
}

declare const unlistedBrand: unique symbol;
/**
 * A code the wiki sent that its table does not list: kept raw (never dropped), but branded so
 * a wiki's code union stays a union of literals and an unlisted code is a visible decision.
 */
export type UnlistedCode = (string | number) & { readonly [unlistedBrand]: true };

export function unlistedCode(raw: string | number): UnlistedCode {
  return raw as UnlistedCode;
}

/** Options of the per-wiki factories: the factory fills `wiki` and `code`. */
export type WikiErrorFactoryOptions = Omit<WikiApiErrorOptions, 'wiki' | 'code'> & {
  /** Category for a code the table does not classify (an unlisted code, or a table code a context reclassifies). */
  category?: ApiErrorCategory | undefined;
};

/** Any wiki's code; each wiki narrows it to its own literal union (see the factory modules). */
export type AnyWikiCode = string | number;

export interface WikiApiErrorOptions<C extends AnyWikiCode = AnyWikiCode> extends WikikitErrorOptions {
  wiki: WikiKind;
  /** The wiki's own code: a Wiki.js number (6002), an `ERR_*` key, a GraphQL code or a MediaWiki code. */
  code: C;
  /** Wiki.js slug (`PageDuplicateCreate`), when the wiki gave one. */
  slug?: string | undefined;
  httpStatus?: number | undefined;
  /** The page or title involved, when known. */
  path?: string | undefined;
  /** Extra structured facts (base and current revision of a conflict, retry wait, …). */
  details?: Readonly<Record<string, unknown>> | undefined;
}

/** The wiki answered and said no. Unknown codes arrive as this base class with the raw code kept. */
export class WikiApiError<C extends AnyWikiCode = AnyWikiCode> extends WikikitError {
  readonly category: ErrorCategory = 'api';
  readonly wiki: WikiKind;
  readonly code: C;
  readonly slug: string | undefined;
  readonly httpStatus: number | undefined;
  readonly path: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  /**
   * `instanceof` on a generic class narrows to `WikiApiError<any>`; this keeps the narrowed type
   * `WikiApiError` (code: string | number) so callers under strict lint need no casts.
   */
  static override [Symbol.hasInstance](value: unknown): value is WikiApiError {
    return isPrototypeInstance(this, value);
  }

  constructor(message: string, options: WikiApiErrorOptions<C>) {
    super(message, options);
    this.wiki = options.wiki;
    this.code = options.code;
    this.slug = options.slug;
    this.httpStatus = options.httpStatus;
    this.path = options.path;
    this.details = options.details;
  }

  override toJSON(): Record<string, unknown> {
    const json: Record<string, unknown> = { ...super.toJSON(), wiki: this.wiki, code: this.code };
    if (this.slug !== undefined) json['slug'] = this.slug;
    if (this.httpStatus !== undefined) json['httpStatus'] = this.httpStatus;
    if (this.path !== undefined) json['path'] = this.path;
    if (this.details !== undefined) json['details'] = this.details;
    return json;
  }
}

/** Bad, expired or revoked credentials; a token the wiki silently treated as guest. */
export class AuthError<C extends AnyWikiCode = AnyWikiCode> extends WikiApiError<C> {
  static override [Symbol.hasInstance](value: unknown): value is AuthError {
    return isPrototypeInstance(this, value);
  }
  override readonly category = 'auth' as const;
}
/** Authenticated, but not allowed. */
export class PermissionError<C extends AnyWikiCode = AnyWikiCode> extends WikiApiError<C> {
  static override [Symbol.hasInstance](value: unknown): value is PermissionError {
    return isPrototypeInstance(this, value);
  }
  override readonly category = 'permission' as const;
}
export class NotFoundError<C extends AnyWikiCode = AnyWikiCode> extends WikiApiError<C> {
  static override [Symbol.hasInstance](value: unknown): value is NotFoundError {
    return isPrototypeInstance(this, value);
  }
  override readonly category = 'not-found' as const;
}
/** A write refused because something changed or exists: duplicate path, edit conflict, stale revision. */
export class ConflictError<C extends AnyWikiCode = AnyWikiCode> extends WikiApiError<C> {
  static override [Symbol.hasInstance](value: unknown): value is ConflictError {
    return isPrototypeInstance(this, value);
  }
  override readonly category = 'conflict' as const;
}
export class ValidationError<C extends AnyWikiCode = AnyWikiCode> extends WikiApiError<C> {
  static override [Symbol.hasInstance](value: unknown): value is ValidationError {
    return isPrototypeInstance(this, value);
  }
  override readonly category = 'validation' as const;
}
export class RateLimitError<C extends AnyWikiCode = AnyWikiCode> extends WikiApiError<C> {
  static override [Symbol.hasInstance](value: unknown): value is RateLimitError {
    return isPrototypeInstance(this, value);
  }
  override readonly category = 'rate-limit' as const;
  get retryAfterMs(): number | undefined {
    const value = this.details?.['retryAfterMs'];
    return typeof value === 'number' ? value : undefined;
  }
}

/** Category → class, for the per-dialect factories. */
export const API_ERROR_CLASSES = {
  auth: AuthError,
  permission: PermissionError,
  'not-found': NotFoundError,
  conflict: ConflictError,
  validation: ValidationError,
  'rate-limit': RateLimitError,
  api: WikiApiError,
} as const;

export type ApiErrorCategory = keyof typeof API_ERROR_CLASSES;

/** The class each category is raised as, with the wiki's code type carried through. */
export interface ApiErrorByCategory<C extends AnyWikiCode> {
  auth: AuthError<C>;
  permission: PermissionError<C>;
  'not-found': NotFoundError<C>;
  conflict: ConflictError<C>;
  validation: ValidationError<C>;
  'rate-limit': RateLimitError<C>;
  api: WikiApiError<C>;
}

/**
 * Builds the right {@link WikiApiError} subclass for a category. The per-wiki factories
 * (`wikijsError`, `wikijsV3Error`, `mediawikiError`) call this with a code from their table; a
 * client-side check takes its code from the table in client-errors.ts (`clientError`); a code
 * only known at run time (an HTTP status, a wiki's result word) comes through {@link apiError}.
 */
export function createApiError<K extends ApiErrorCategory, C extends AnyWikiCode>(
  category: K,
  message: string,
  options: WikiApiErrorOptions<C>,
): ApiErrorByCategory<C>[K] {
  // The table maps each key to the class named in ApiErrorByCategory; TS can't follow the generic index.
  const ErrorClass = API_ERROR_CLASSES[category] as unknown as new (message: string, options: WikiApiErrorOptions<C>) => ApiErrorByCategory<C>[K];
  return new ErrorClass(message, options);
}

/** Same as {@link createApiError}; the name the rest of `src/` uses. */
export const apiError = createApiError;

// Generic factories: the only way code outside this file and the wiki factory modules builds an
// error (eslint `no-restricted-syntax` enforces it), so redaction can never be skipped.

/** Bad input caught before any request was sent. */
export function usageError(message: string, options?: WikikitErrorOptions & { field?: string }): UsageError {
  return new UsageError(message, options);
}

export function networkError(message: string, options?: WikikitErrorOptions): NetworkError {
  return new NetworkError(message, options);
}

export function timeoutError(
  message: string,
  options: WikikitErrorOptions & { phase: 'attempt' | 'total'; timeoutMs: number },
): TimeoutError {
  return new TimeoutError(message, options);
}

export function httpError(
  message: string,
  options: WikikitErrorOptions & { status: number; bodyExcerpt?: string; retryAfterMs?: number | undefined },
): HttpError {
  return new HttpError(message, {
    ...options,
    ...(options.bodyExcerpt === undefined ? {} : { bodyExcerpt: redactText(options.bodyExcerpt, [...(options.secrets ?? [])]) }),
  });
}

const ERROR_NAMES = new Set([
  'UsageError',
  'NetworkError',
  'TimeoutError',
  'HttpError',
  'WikiApiError',
  'AuthError',
  'PermissionError',
  'NotFoundError',
  'ConflictError',
  'ValidationError',
  'RateLimitError',
]);

/**
 * A broken invariant inside wikikit (a bug, not a refusal): deliberately not a WikikitError, so
 * callers don't catch it by category and the CLI reports it as an internal error (exit 70).
 */
export class InternalError extends Error {
  constructor(message: string, options?: { cause?: unknown; secrets?: Iterable<string | undefined> }) {
    super(redactText(message, [...(options?.secrets ?? [])]), options?.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'InternalError';
  }
}

export function internalError(message: string, options?: { cause?: unknown; secrets?: Iterable<string | undefined> }): InternalError {
  return new InternalError(message, options);
}

/** True for errors from any copy of wikikit (two installed versions still recognise each other). */
export function isWikikitError(value: unknown): value is WikikitError {
  if (value instanceof WikikitError) return true;
  return value instanceof Error && ERROR_NAMES.has(value.name) && 'category' in value;
}

export function isConflictError(value: unknown): value is ConflictError {
  return isWikikitError(value) && value.category === 'conflict';
}

export function isNotFoundError(value: unknown): value is NotFoundError {
  return isWikikitError(value) && value.category === 'not-found';
}
