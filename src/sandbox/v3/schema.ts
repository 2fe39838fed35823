import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { makeExecutableSchema } from '@graphql-tools/schema';
import type { GraphQLSchema, IntrospectionQuery, ValueNode } from 'graphql';
import { sandboxError } from './context.js';
import { pageMutations, pageQueries } from './resolvers/pages.js';
import { systemMutations, systemQueries } from './resolvers/system.js';
import { treeMutations, treeQueries } from './resolvers/tree.js';
import { userMutations, userQueries } from './resolvers/users.js';

// One graphql-js realm with Apollo under Node and Vitest alike (see src/sandbox/graphql.ts).
const graphql = createRequire(import.meta.url)('graphql') as typeof import('graphql');
const { buildClientSchema, GraphQLScalarType, Kind, printSchema, valueFromASTUntyped } = graphql;

/** Shipped copy of the Wiki.js 3.0.0 introspection (`vega` 05fe495); works from src/ and dist/. */
export const V3_SCHEMA_URL = new URL('../../../schemas/wikijs-v3.introspection.json', import.meta.url);

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: unknown): value is string {
  return typeof value === 'string' && UUID_RE.test(value);
}

/**
 * A plain Error (not GraphQLError) so graphql-js words it as 3.0.0 does:
 * `Variable "$id" got invalid value "abc"; Expected type "UUID". UUID cannot represent non-UUID value: abc`.
 */
const UUID = new GraphQLScalarType({
  name: 'UUID',
  serialize: (v) => v,
  parseValue(v) {
    if (!isUuid(v)) throw new TypeError(`UUID cannot represent non-UUID value: ${String(v)}`);
    return v.toLowerCase();
  },
  // undefined (not a throw) gives `Expected value of type "UUID!", found "abc".`, as observed.
  parseLiteral: (ast) => (ast.kind === Kind.STRING && isUuid(ast.value) ? ast.value.toLowerCase() : undefined),
});

const DateScalar = new GraphQLScalarType({
  name: 'Date',
  serialize: (v) => (v instanceof Date ? v.toISOString() : v),
  parseValue(v) {
    if (typeof v !== 'string' || Number.isNaN(Date.parse(v))) throw new TypeError(`Date cannot represent an invalid date-string ${String(v)}.`);
    return new Date(v).toISOString();
  },
  parseLiteral: (ast) => (ast.kind === Kind.STRING && !Number.isNaN(Date.parse(ast.value)) ? new Date(ast.value).toISOString() : undefined),
});

const JSONScalar = new GraphQLScalarType({
  name: 'JSON',
  serialize: (v) => v,
  parseValue: (v) => v,
  parseLiteral: (ast: ValueNode, variables) => valueFromASTUntyped(ast, variables),
});

/** Filled in by the multipart layer before execution (graphql-multipart-request-spec). */
const Upload = new GraphQLScalarType({
  name: 'Upload',
  serialize: () => null,
  parseValue: (v) => v,
  parseLiteral: () => undefined,
});

type Resolver = (parent: unknown, args: never, ctx: never) => unknown;

/**
 * The v3 schema exactly as introspected, with the sandbox's resolvers attached. Fields the
 * sandbox does not implement answer a GraphQL error naming them, never a silent `null`.
 */
export function createV3Schema(): GraphQLSchema {
  const introspection = JSON.parse(readFileSync(V3_SCHEMA_URL, 'utf8')) as { data: IntrospectionQuery };
  const client = buildClientSchema(introspection.data);
  const Query: Record<string, Resolver> = { ...pageQueries, ...userQueries, ...treeQueries, ...systemQueries };
  const Mutation: Record<string, Resolver> = { ...pageMutations, ...userMutations, ...treeMutations, ...systemMutations };
  for (const [type, table] of [['Query', Query], ['Mutation', Mutation]] as const) {
    const fields = (type === 'Query' ? client.getQueryType() : client.getMutationType())?.getFields() ?? {};
    for (const name of Object.keys(fields)) {
      table[name] ??= () => {
        throw sandboxError(`The wikikit sandbox does not implement ${type}.${name}`);
      };
    }
  }
  return makeExecutableSchema({
    typeDefs: printSchema(client),
    resolvers: {
      Query, Mutation, UUID, Date: DateScalar, JSON: JSONScalar, Upload,
      TreeItem: { __resolveType: (obj: { __typename?: string }) => obj.__typename ?? null },
    },
  });
}
