/** What the v2 admin resources (admin.ts, users.ts) share: the id check and the not-found error. */
import { type NotFoundError } from '../../errors.js';
import type { WikiJsId } from '../dialect.js';
import type { ResponseResult } from '../graphql.js';
import { checkIntId } from '../validate.js';
import { clientError } from '../../client-errors.js';

export type Payload = { responseResult?: ResponseResult | null };
export const id = (value: WikiJsId, field = 'id'): number => checkIntId(value, field, 2);

export function notFound(operation: string, subject: string, cause?: unknown): NotFoundError {
  return clientError('NotFound', `Wiki.js ${operation} failed: NotFound — ${subject} does not exist`, { wiki: 'wikijs-v2', slug: 'NotFound', path: subject, ...(cause ? { cause } : {}) });
}
