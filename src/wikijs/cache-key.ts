/** Cache key of a facade call; AbortSignals and functions are not part of a call's identity. */
export function cacheKeyOf(resource: string, method: string, args: readonly unknown[]): string {
  return `${resource}.${method}:${JSON.stringify(args, (_key, value: unknown) => (value instanceof AbortSignal || typeof value === 'function' ? undefined : value))}`;
}
