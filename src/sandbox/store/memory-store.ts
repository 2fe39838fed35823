import type { Store } from './types.js';

/** Keeps nothing: the dialect's in-memory maps are the state. */
export function createMemoryStore(): Store {
  return {
    durable: false,
    load: () => [],
    commit: () => Promise.resolve(),
    clear: () => Promise.resolve(),
    close: () => Promise.resolve(),
  };
}
