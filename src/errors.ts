/**
 * The one place wikikit's error classes are declared.
 *
 * Catch by category (`instanceof ConflictError`), discriminate by the wiki's own identity
 * (`e.code`, `e.slug`). Every error carries a redacted {@link RequestSummary}, never the live
 * request, so a token can't leak through `message`, `toJSON()` or a log line.
 */

/** Which wiki answered. */
export type WikiKind = 'wikijs-v2' | 'wikijs-v3' | 'mediawiki';

/** What was sent, already redacted by `transport/redact.ts`. */
export interface RequestSummary {
  readonly method: string;
  /** URL with secret query parameters replaced by `[REDACTED]`. */
  readonly url: string;
  /** Logical operation, e.g. `pages.create` or `action=edit`. */
  readonly operation?: string;
  /** GraphQL variables or form fields, with secret names redacted and long values cut. */
  readonly variables?: Readonly<Record<string, unknown>>;
}

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
}

/** Base class of every error wikikit throws on purpose. */
export abstract class WikikitError extends Error {
  abstract readonly category: ErrorCategory;
  readonly request: RequestSummary | undefined;
  attempts: number;

  constructor(message: string, options: WikikitErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = new.target.name;
    this.request = options.request;
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

export interface WikiApiErrorOptions extends WikikitErrorOptions {
  wiki: WikiKind;
  /** The wiki's own code: a Wiki.js number (6002), an `ERR_*` key, a GraphQL code or a MediaWiki code. */
  code: string | number;
  /** Wiki.js slug (`PageDuplicateCreate`), when the wiki gave one. */
  slug?: string | undefined;
  httpStatus?: number | undefined;
  /** The page or title involved, when known. */
  path?: string | undefined;
  /** Extra structured facts (base and current revision of a conflict, retry wait, …). */
  details?: Readonly<Record<string, unknown>> | undefined;
}

/** The wiki answered and said no. Unknown codes arrive as this base class with the raw code kept. */
export class WikiApiError extends WikikitError {
  readonly category: ErrorCategory = 'api';
  readonly wiki: WikiKind;
  readonly code: string | number;
  readonly slug: string | undefined;
  readonly httpStatus: number | undefined;
  readonly path: string | undefined;
  readonly details: Readonly<Record<string, unknown>> | undefined;

  constructor(message: string, options: WikiApiErrorOptions) {
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
export class AuthError extends WikiApiError {
  override readonly category = 'auth' as const;
}
/** Authenticated, but not allowed. */
export class PermissionError extends WikiApiError {
  override readonly category = 'permission' as const;
}
export class NotFoundError extends WikiApiError {
  override readonly category = 'not-found' as const;
}
/** A write refused because something changed or exists: duplicate path, edit conflict, stale revision. */
export class ConflictError extends WikiApiError {
  override readonly category = 'conflict' as const;
}
export class ValidationError extends WikiApiError {
  override readonly category = 'validation' as const;
}
export class RateLimitError extends WikiApiError {
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

/** Builds the right {@link WikiApiError} subclass for a category from a code table. */
export function createApiError(category: ApiErrorCategory, message: string, options: WikiApiErrorOptions): WikiApiError {
  const ErrorClass = API_ERROR_CLASSES[category];
  return new ErrorClass(message, options);
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
