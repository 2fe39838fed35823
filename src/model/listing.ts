/**
 * The one shape of every listing in wikikit (`wiki.list()`, `client.pages.list()`,
 * `mw.list(…)`): an async iterable, so long listings stream, with `toArray()` for when the
 * whole list is wanted. Each iteration (and each `toArray()`) runs the listing again.
 */
export interface Listing<T> extends AsyncIterable<T> {
  /** Every item, collected. */
  toArray(): Promise<T[]>;
  /**
   * Awaiting a listing gives its items as an array, as `pages.list()` did when it returned one.
   * @deprecated Use `await listing.toArray()`, or iterate with `for await`.
   */
  then<A = T[], B = never>(onFulfilled?: ((items: T[]) => A | PromiseLike<A>) | null, onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<A | B>;
  /** @deprecated Use `listing.toArray().catch(…)`. */
  catch<B = never>(onRejected?: ((reason: unknown) => B | PromiseLike<B>) | null): Promise<T[] | B>;
}

/** Wraps a source (a generator, or a promise of a whole list) as a {@link Listing}. */
export function listing<T>(source: () => AsyncIterable<T> | Promise<Iterable<T>>): Listing<T> {
  const iterate = async function* (): AsyncGenerator<T> {
    const items = source();
    if (Symbol.asyncIterator in items) yield* items;
    else yield* await items;
  };
  const toArray = async (): Promise<T[]> => {
    const out: T[] = [];
    for await (const item of iterate()) out.push(item);
    return out;
  };
  return {
    [Symbol.asyncIterator]: () => iterate(),
    toArray,
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- defining the deprecated alias
    then: (onFulfilled, onRejected) => toArray().then(onFulfilled, onRejected),
    // eslint-disable-next-line @typescript-eslint/no-deprecated -- defining the deprecated alias
    catch: (onRejected) => toArray().catch(onRejected),
  };
}
