/** Wiki.js 3 answers → the dialect-neutral shapes of src/wikijs/dialect.ts. */
import type { PageVersion, WikiJsGroup, WikiJsGroupSummary, WikiJsPage, WikiJsUser, WikiJsUserSummary } from '../dialect.js';

type Maybe<T> = T | null | undefined;

export interface RawV3Page {
  id: string;
  siteId?: Maybe<string>;
  path: string;
  locale: string;
  title: Maybe<string>;
  description: Maybe<string>;
  icon?: Maybe<string>;
  editor: Maybe<string>;
  contentType: Maybe<string>;
  content: Maybe<string>;
  render?: Maybe<string>;
  tags: Maybe<Array<string | null>>;
  hash?: Maybe<string>;
  publishState: Maybe<string>;
  publishStartDate: Maybe<string>;
  publishEndDate: Maybe<string>;
  scriptCss: Maybe<string>;
  scriptJsLoad: Maybe<string>;
  author?: Maybe<{ id: Maybe<string>; name: Maybe<string>; email: Maybe<string> }>;
  creator?: Maybe<{ id: Maybe<string>; name: Maybe<string>; email: Maybe<string> }>;
  createdAt: string;
  updatedAt: string;
}

export function strings(list: Maybe<ReadonlyArray<string | null>>): string[] {
  return (list ?? []).filter((s): s is string => typeof s === 'string');
}

export function compact<T>(items: Maybe<ReadonlyArray<T | null | undefined>>): T[] {
  return (items ?? []).filter((item): item is T => item !== null && item !== undefined);
}

/** v3 has no private pages; `publishState` replaces `isPublished`; unset dates are null (2.x: ''). */
export function decodePage(raw: RawV3Page): WikiJsPage {
  return {
    id: raw.id,
    path: raw.path,
    locale: raw.locale,
    title: raw.title ?? '',
    description: raw.description ?? '',
    content: raw.content ?? '',
    render: raw.render ?? undefined,
    contentType: raw.contentType ?? '',
    editor: raw.editor ?? '',
    isPublished: raw.publishState !== 'draft',
    isPrivate: false,
    publishStartDate: raw.publishStartDate ?? '',
    publishEndDate: raw.publishEndDate ?? '',
    tags: strings(raw.tags),
    scriptCss: raw.scriptCss ?? '',
    scriptJs: raw.scriptJsLoad ?? '',
    hash: raw.hash ?? undefined,
    createdAt: raw.createdAt,
    updatedAt: raw.updatedAt,
    authorId: raw.author?.id ?? undefined,
    authorName: raw.author?.name ?? undefined,
    authorEmail: raw.author?.email ?? undefined,
    creatorId: raw.creator?.id ?? undefined,
    creatorName: raw.creator?.name ?? undefined,
    creatorEmail: raw.creator?.email ?? undefined,
  };
}

export interface RawV3UserMinimal {
  id: string;
  name: Maybe<string>;
  email: Maybe<string>;
  isSystem: Maybe<boolean>;
  isActive: Maybe<boolean>;
  createdAt: Maybe<string>;
  lastLoginAt: Maybe<string>;
}

export interface RawV3User extends RawV3UserMinimal {
  isVerified: Maybe<boolean>;
  meta: Maybe<Record<string, unknown>>;
  prefs: Maybe<Record<string, unknown>>;
  updatedAt: Maybe<string>;
  groups: Maybe<Array<{ id: string; name: Maybe<string> } | null>>;
  auth: Maybe<Array<{ authId: Maybe<string>; strategyKey: Maybe<string> } | null>>;
}

function text(record: Maybe<Record<string, unknown>>, key: string): string {
  const value = record?.[key];
  return typeof value === 'string' ? value : '';
}

export function decodeUserSummary(raw: RawV3UserMinimal, providerKey = 'local'): WikiJsUserSummary {
  return {
    id: raw.id, name: raw.name ?? '', email: raw.email ?? '', providerKey, isSystem: raw.isSystem ?? false, isActive: raw.isActive ?? true,
    createdAt: raw.createdAt ?? '', lastLoginAt: raw.lastLoginAt ?? null,
  };
}

export function decodeUser(raw: RawV3User): WikiJsUser {
  return {
    ...decodeUserSummary(raw, compact(raw.auth)[0]?.strategyKey ?? 'local'),
    isVerified: raw.isVerified ?? false,
    location: text(raw.meta, 'location'),
    jobTitle: text(raw.meta, 'jobTitle'),
    timezone: text(raw.prefs, 'timezone'),
    dateFormat: text(raw.prefs, 'dateFormat'),
    appearance: text(raw.prefs, 'appearance'),
    updatedAt: raw.updatedAt ?? '',
    tfaIsActive: false,
    groups: compact(raw.groups).map((g) => ({ id: g.id, name: g.name ?? '' })),
  };
}

export interface RawV3Group {
  id: string;
  name: Maybe<string>;
  isSystem: Maybe<boolean>;
  userCount: Maybe<number>;
  createdAt: Maybe<string>;
  updatedAt: Maybe<string>;
  permissions?: Maybe<Array<string | null>>;
  redirectOnLogin?: Maybe<string>;
  rules?: Maybe<Array<RawV3Rule | null>>;
  users?: Maybe<Array<{ id: string; name: Maybe<string>; email: Maybe<string> } | null>>;
}

export interface RawV3Rule {
  id: string;
  name: Maybe<string>;
  mode: Maybe<string>;
  match: Maybe<string>;
  roles: Maybe<Array<string | null>>;
  path: Maybe<string>;
  locales: Maybe<Array<string | null>>;
  sites?: Maybe<Array<string | null>>;
}

export function decodeGroupSummary(raw: RawV3Group): WikiJsGroupSummary {
  return { id: raw.id, name: raw.name ?? '', isSystem: raw.isSystem ?? false, userCount: raw.userCount ?? undefined, createdAt: raw.createdAt ?? '', updatedAt: raw.updatedAt ?? '' };
}

const MATCHES = new Set(['START', 'EXACT', 'END', 'REGEX', 'TAG']);

export function decodeGroup(raw: RawV3Group): WikiJsGroup {
  return {
    ...decodeGroupSummary(raw),
    redirectOnLogin: raw.redirectOnLogin ?? '',
    permissions: strings(raw.permissions),
    // v3 rules also know TAGALL and FORCEALLOW; the 2.x-shaped view shows TAGALL as TAG.
    pageRules: compact(raw.rules).map((r) => ({
      id: r.name?.startsWith('wikikit:') === true ? r.name.slice('wikikit:'.length) : r.id, deny: r.mode === 'DENY', match: (MATCHES.has(r.match ?? '') ? r.match : 'TAG') as WikiJsGroup['pageRules'][number]['match'],
      roles: strings(r.roles), path: r.path ?? '', locales: strings(r.locales),
    })),
    users: compact(raw.users).map((u) => ({ id: u.id, name: u.name ?? '', email: u.email ?? '' })),
  };
}

export interface RawV3Version {
  versionId: number;
  pageId: Maybe<number>;
  action: Maybe<string>;
  authorId: Maybe<string>;
  authorName: Maybe<string>;
  content: Maybe<string>;
  contentType: Maybe<string>;
  createdAt: Maybe<string>;
  versionDate: Maybe<string>;
  description: Maybe<string>;
  editor: Maybe<string>;
  isPrivate: Maybe<boolean>;
  isPublished: Maybe<boolean>;
  locale: Maybe<string>;
  path: Maybe<string>;
  publishStartDate: Maybe<string>;
  publishEndDate: Maybe<string>;
  tags: Maybe<Array<string | null>>;
  title: Maybe<string>;
}

export function decodeVersion(raw: RawV3Version, pageId: string): PageVersion {
  return {
    versionId: raw.versionId, pageId, action: raw.action ?? '', authorId: raw.authorId ?? '', authorName: raw.authorName ?? '',
    content: raw.content ?? '', contentType: raw.contentType ?? '', createdAt: raw.createdAt ?? '', versionDate: raw.versionDate ?? '',
    description: raw.description ?? '', editor: raw.editor ?? '', isPrivate: false, isPublished: raw.isPublished ?? true,
    locale: raw.locale ?? '', path: raw.path ?? '', publishStartDate: raw.publishStartDate ?? '', publishEndDate: raw.publishEndDate ?? '',
    tags: strings(raw.tags), title: raw.title ?? '',
  };
}
