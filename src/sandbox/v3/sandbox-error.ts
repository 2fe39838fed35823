/**
 * The v3 sandbox's resolver error, in a module of its own below context.ts and data.ts (both
 * throw it; context.ts reads data.ts's types).
 */

/** Thrown by query resolvers: Apollo turns it into `errors[].message` = the key, code INTERNAL_SERVER_ERROR. */
export class SandboxError extends Error {}

/** The only way resolvers build a {@link SandboxError} (eslint keeps `new` out of them). */
export function sandboxError(message: string): SandboxError {
  return new SandboxError(message);
}
