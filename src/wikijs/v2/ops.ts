import type { CallOptions } from '../dialect.js';
import type { GraphQLExecutor, OperationSpec, ResponseResult } from '../graphql.js';

/** Small helpers shared by the v2 resource modules. */
export class V2Ops {
  readonly gql: GraphQLExecutor;

  constructor(gql: GraphQLExecutor) {
    this.gql = gql;
  }

  /** A query named `name` (our API name); returns `data[group][field]` for `at` = `group.field`. */
  async read<T>(name: string, at: string, query: string, variables: Record<string, unknown> | undefined, options?: CallOptions): Promise<T> {
    const [group, field] = splitName(at);
    const data = await this.gql.execute<Record<string, Record<string, T> | null>>(query, variables, { name, kind: 'read' }, { signal: options?.signal });
    return data[group]?.[field] as T;
  }

  /** A mutation; throws when its `responseResult` failed; returns the payload. */
  async write<T extends { responseResult?: ResponseResult | null }>(
    name: string,
    at: string,
    query: string,
    variables: Record<string, unknown>,
    options?: CallOptions,
    extra: Partial<OperationSpec> = {},
  ): Promise<T> {
    const [group, field] = splitName(at);
    const operation: OperationSpec = { name, kind: 'write', ...extra };
    const data = await this.gql.execute<Record<string, Record<string, T | null> | null>>(query, variables, operation, { signal: options?.signal });
    const payload = data[group]?.[field];
    this.gql.check(payload?.responseResult, { query, variables, operation });
    return payload as T;
  }
}

function splitName(name: string): [string, string] {
  const [group = '', field = ''] = name.split('.');
  return [group, field];
}

export const RESULT = 'responseResult { succeeded errorCode slug message }';

export function compact<T>(items: readonly (T | null | undefined)[] | null | undefined): T[] {
  return (items ?? []).filter((item): item is T => item !== null && item !== undefined);
}
