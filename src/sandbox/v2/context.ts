import { createHash } from 'node:crypto';
import { checkAccess, type Identity, type PageRef, type PageRule } from './access.js';
import type { V2Data } from './data.js';
import type { JwtKeys } from './jwt.js';
import type { PageRec, TagRec, UserRec } from './records.js';

/** Shared services of one running v2 sandbox. */
export interface V2Service {
  readonly data: V2Data;
  readonly keys: JwtKeys;
  readonly baseUrl: () => string;
  /** @rateLimit buckets (`ip:Type.field`) → hit timestamps (ms) */
  readonly loginHits: Map<string, number[]>;
  /** user id → epoch seconds; JWTs issued before are re-issued (`new-jwt`). */
  readonly revocations: Map<number, number>;
  /** Tokens whose RS256 signature was already verified → their payload. */
  readonly verifiedTokens: Map<string, Record<string, unknown>>;
}

/** Apollo context: who is asking, and the response headers a resolver may add. */
export interface V2Context {
  readonly svc: V2Service;
  readonly user: Identity;
  readonly ip: string;
}

export const now = (): string => new Date().toISOString();

export function groupRules(svc: V2Service): (id: number) => readonly PageRule[] {
  return (id) => svc.data.t.groups.get(id)?.pageRules ?? [];
}

export function can(ctx: V2Context, permissions: readonly string[], page?: PageRef): boolean {
  return checkAccess(ctx.user, permissions, page, groupRules(ctx.svc));
}

export function pageHash(locale: string, path: string, privateNS: string | null): string {
  return createHash('sha1').update(`${locale}|${path}|${privateNS ?? ''}`).digest('hex');
}

export function pageTags(svc: V2Service, page: PageRec): TagRec[] {
  return page.tagIds
    .map((id) => svc.data.t.tags.get(id))
    .filter((t): t is TagRec => t !== undefined)
    .sort((a, b) => a.id - b.id);
}

export function pageRef(svc: V2Service, page: PageRec): PageRef {
  return { path: page.path, locale: page.localeCode, tags: pageTags(svc, page) };
}

export function userById(svc: V2Service, id: number): UserRec | undefined {
  return svc.data.t.users.get(id);
}

/** Permissions of a user = union of its groups' permissions (WIKI.models.users.getGlobalPermissions). */
export function userPermissions(svc: V2Service, user: UserRec): string[] {
  const out = new Set<string>();
  for (const gid of user.groupIds) for (const p of svc.data.t.groups.get(gid)?.permissions ?? []) out.add(p);
  return [...out];
}

export function guestIdentity(svc: V2Service): Identity {
  const guest = svc.data.t.users.get(2);
  return {
    id: 2,
    email: guest?.email ?? 'guest@example.com',
    name: 'Guest',
    permissions: guest ? userPermissions(svc, guest) : [],
    groups: guest?.groupIds ?? [2],
    isGuest: true,
    viaApiKey: false,
  };
}

export function findPageByPath(svc: V2Service, locale: string, path: string): PageRec | undefined {
  const id = svc.data.pageIdByPath(locale, path);
  return id === undefined ? undefined : svc.data.t.pages.get(id);
}
