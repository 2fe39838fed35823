/**
 * What the resources need from the client that owns them, as types only: `pages.ts` and
 * `backend.ts` are built by `client.ts`, so they must not import it back (no import circle).
 */
import type { UsageError } from '../errors.js';
import type { Listing } from '../model/listing.js';
import type { AssetsApi, WikiJsDialect, WikiJsVersion } from './dialect.js';

export type ResourceName = 'users' | 'groups' | 'assets' | 'navigation' | 'comments' | 'authentication' | 'site' | 'system' | 'localization' | 'search' | 'storage';

/** A resource as the client exposes it: its `list` is a {@link Listing}; the rest as the dialect declares it. */
export type ClientResource<T> = { readonly [K in keyof Required<T>]: K extends 'list' ? ListingOf<Required<T>[K]> : Required<T>[K] };
type ListingOf<F> = F extends (...args: infer A) => Promise<readonly (infer I)[]> ? (...args: A) => Listing<I> : F;

/** The client as `client.pages` sees it: one call path (dialect, cache, auth recovery). */
export interface ResourceHost {
  readonly url: string;
  run<T>(resource: ResourceName | 'pages', method: string, call: (dialect: WikiJsDialect) => Promise<T>, cacheKey?: string): Promise<T>;
  unsupported(dialect: WikiJsDialect, feature: string): UsageError;
}

/** The client as the page model's backend sees it. `P` is the pages facade (`WikiJsPages`). */
export interface BackendHost<P> {
  readonly url: string;
  readonly pages: P;
  readonly assets: ClientResource<AssetsApi>;
  knownVersion(): WikiJsVersion | undefined;
  close(): Promise<void>;
}
