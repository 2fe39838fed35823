/**
 * What the client's resources (`client.pages`, the page-model adapter) need from the client,
 * in a module below all three: they depend on these calls, not on the client class that builds
 * them (imports go downwards only).
 */
import type { UsageError } from '../errors.js';
import type { Listing } from '../model/listing.js';
import type { AssetsApi, WikiJsDialect, WikiJsVersion } from './dialect.js';

/** A resource as the client exposes it: its `list` is a {@link Listing}; the rest as the dialect declares it. */
export type ClientResource<T> = { readonly [K in keyof Required<T>]: K extends 'list' ? ListingOf<Required<T>[K]> : Required<T>[K] };
type ListingOf<F> = F extends (...args: infer A) => Promise<readonly (infer I)[]> ? (...args: A) => Listing<I> : F;

export type { ResourceName } from './resource-names.js';
import type { ResourceName } from './resource-names.js';

/** The one request path every resource call takes; `WikiJsClient` implements it. */
export interface ResourceHost {
  run<T>(resource: ResourceName | 'pages', method: string, call: (dialect: WikiJsDialect) => Promise<T>): Promise<T>;
  unsupported(dialect: WikiJsDialect, feature: string): UsageError;
}

/** What the page-model adapter reads from the client besides its pages. */
export interface ModelHost<Pages> {
  readonly url: string;
  readonly pages: Pages;
  readonly assets: ClientResource<AssetsApi>;
  knownVersion(): WikiJsVersion | undefined;
  close(): Promise<void>;
}
