import { NetworkError, networkError } from '../../errors.js';
import { jwtClaims } from '../auth.js';
import type { CallOptions, DialectContext } from '../dialect.js';
import type { GraphQLExecutor, OperationSpec } from '../graphql.js';
import * as doc from './documents.js';
import { wikijsV3Error } from './errors.js';

export interface V3Operation {
  readonly succeeded?: boolean | null;
  readonly slug?: string | null;
  readonly message?: string | null;
}

interface SiteRow {
  id: string;
  hostname: string | null;
  title: string | null;
}

/** Shared plumbing of the v3 resource modules: reads, `operation`-checked writes, the default site. */
export class V3Ops {
  readonly gql: GraphQLExecutor;
  readonly context: DialectContext;
  /** False for the credential-less executor (login): its failures are not about an API key. */
  readonly #carriesCredentials: boolean;
  #site: Promise<SiteRow> | undefined;

  constructor(gql: GraphQLExecutor, context: DialectContext, carriesCredentials = true) {
    this.gql = gql;
    this.context = context;
    this.#carriesCredentials = carriesCredentials;
  }

  /** A query; returns `data[field]`. */
  async read<T>(name: string, field: string, query: string, variables: Record<string, unknown> | undefined, options?: CallOptions, extra: Partial<OperationSpec> = {}): Promise<T> {
    const data = await this.guard(() => this.gql.execute<Record<string, T>>(query, variables, { name, kind: 'read', ...extra }, { signal: options?.signal }));
    return data[field] as T;
  }

  /** A mutation; throws the mapped error when `operation.succeeded` is false; returns the payload. */
  async write<T extends { operation?: V3Operation | null }>(
    name: string, field: string, query: string, variables: Record<string, unknown>, options?: CallOptions, extra: Partial<OperationSpec> = {},
  ): Promise<T> {
    const operation: OperationSpec = { name, kind: 'write', ...extra };
    const data = await this.guard(() => this.gql.execute<Record<string, T | null>>(query, variables, operation, { signal: options?.signal }));
    const payload = data[field];
    const op = payload?.operation;
    this.gql.check(op ? { succeeded: op.succeeded === true, errorCode: '', slug: op.slug ?? '', message: op.message ?? '' } : undefined, { query, variables, operation });
    return payload as T;
  }

  /** The default site (hostname `*`, else the first), learned once: every page call needs its id. */
  defaultSite(options?: CallOptions): Promise<SiteRow> {
    this.#site ??= this.read<SiteRow[] | null>('sites.list', 'sites', doc.SITES, undefined, options).then((sites) => {
      const list = sites ?? [];
      const site = list.find((s) => s.hostname === '*') ?? list[0];
      if (site === undefined) throw wikijsV3Error('ERR_INVALID_SITE', 'Wiki.js 3 answered no site at all (sites is empty)', { category: 'api' });
      return site;
    }).catch((error: unknown) => {
      this.#site = undefined;
      throw error;
    });
    return this.#site;
  }

  async siteId(options?: CallOptions): Promise<string> {
    return (await this.defaultSite(options)).id;
  }

  /** Claims of the credential in use when it is a JWT (login token or API key), for whoami and messages. */
  tokenClaims(): Record<string, unknown> | undefined {
    for (const secret of this.context.secrets()) {
      const claims = jwtClaims(secret);
      if (claims !== undefined) return claims;
    }
    return undefined;
  }

  /**
   * Wiki.js 3.0.0 kills its own process on the first request that carries an API key (the
   * connection closes with no answer, then nothing listens). Say so instead of a bare reset.
   */
  private async guard<T>(call: () => Promise<T>): Promise<T> {
    try {
      return await call();
    } catch (error) {
      if (error instanceof NetworkError && this.#carriesCredentials && this.context.hasCredentials && !this.isLoginSession()) {
        throw networkError(
          `${error.message} — Wiki.js 3.0.0 closes the connection and exits on any request that carries an API key (server defect, see docs/wikijs-v3.md); restart it and connect with { username, password } instead, which logs in for a JWT`,
          { cause: error, request: error.request, attempts: error.attempts },
        );
      }
      throw error;
    }
  }

  /** A JWT from `login` carries the user id; an API key carries `api`, or is not a JWT at all. */
  private isLoginSession(): boolean {
    const claims = this.tokenClaims();
    return claims !== undefined && typeof claims['id'] === 'string' && claims['api'] === undefined;
  }
}
