import type { ErrorCategory } from '../errors.js';

/** Exit codes: one table, so scripts can branch on the kind of failure. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 2,
  conflict: 3,
  auth: 4,
  network: 5,
  internal: 70,
} as const;

export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

const BY_CATEGORY = {
  usage: EXIT.usage,
  // A wiki-side validation failure (empty content, bad path) is the caller's input: usage.
  validation: EXIT.usage,
  conflict: EXIT.conflict,
  auth: EXIT.auth,
  permission: EXIT.auth,
  network: EXIT.network,
  timeout: EXIT.network,
  'rate-limit': EXIT.network,
  http: EXIT.failure,
  'not-found': EXIT.failure,
  api: EXIT.failure,
} as const satisfies Record<ErrorCategory, ExitCode>;

export function exitCodeFor(category: ErrorCategory): ExitCode {
  return BY_CATEGORY[category];
}
