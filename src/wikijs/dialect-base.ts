/** The ids, versions and per-call options every part of the dialect contract (dialect.ts) uses. */
export type WikiJsVersion = 2 | 3;

/** Page, user, group ids: Wiki.js 2 integers, Wiki.js 3 UUID strings. */
export type WikiJsId = number | string;

/** Per-call options every method accepts as its last argument where it matters. */
export interface CallOptions {
  readonly signal?: AbortSignal;
}
