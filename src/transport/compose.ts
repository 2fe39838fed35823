import type { Handler, Middleware } from './types.js';

/** Outermost first: `compose([a, b], h)` runs a → b → h. */
export function compose(middlewares: readonly Middleware[], terminal: Handler): Handler {
  return middlewares.reduceRight<Handler>((next, middleware) => middleware(next), terminal);
}
