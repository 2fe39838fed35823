import { createRequire } from 'node:module';

/**
 * graphql-js ships CJS (`main`) and ESM (`module`) builds. Node hands Apollo Server the CJS
 * one, while bundlers and Vite resolve `module` for our sources: two realms, and graphql-js
 * refuses to mix them ("Cannot use GraphQLSchema from another module or realm"). Loading it
 * through `require` pins the sandbox to the instance Apollo uses, under Node and Vitest alike.
 * Internal module: not part of the public API.
 */
const require = createRequire(import.meta.url);
const graphql = require('graphql') as typeof import('graphql');

export const { GraphQLError, buildClientSchema, getNamedType, isObjectType, parse } = graphql;
