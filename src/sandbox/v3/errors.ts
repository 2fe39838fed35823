/** The sandbox v3's own error (its own module, so the data layer and the context both use it without a circle). */
/** Thrown by query resolvers: Apollo turns it into `errors[].message` = the key, code INTERNAL_SERVER_ERROR. */
export class SandboxError extends Error {}

/** The only way resolvers build a {@link SandboxError} (eslint keeps `new` out of them). */
export function sandboxError(message: string): SandboxError {
  return new SandboxError(message);
}
