/**
 * Stored shapes of the Wiki.js 3 sandbox, close to the 3.0.0 tables (pages, pageHistory, tags,
 * tree, assets, users, groups, apiKeys, sites). Ids are UUID strings, as on the real server.
 * Internal module: not part of the public API.
 */

export type PublishState = 'draft' | 'published' | 'scheduled';

export interface PageRelationRec {
  id: string;
  position: string;
  label: string;
  caption: string;
  icon: string;
  target: string;
}

export interface PageRec {
  id: string;
  /**
   * Integer id the leftover 2.x-shaped fields need (`PageListItem.id`, `pageHistoryById(id: Int!)`).
   * The real 3.0.0 server has no such column; the sandbox keeps one so those fields answer.
   */
  legacyId: number;
  siteId: string;
  path: string;
  locale: string;
  title: string;
  description: string;
  icon: string;
  alias: string | null;
  editor: string;
  contentType: string;
  content: string;
  render: string;
  hash: string;
  tags: string[];
  publishState: PublishState;
  publishStartDate: string | null;
  publishEndDate: string | null;
  isBrowsable: boolean;
  isSearchable: boolean;
  allowComments: boolean;
  allowContributions: boolean;
  allowRatings: boolean;
  showSidebar: boolean;
  showTags: boolean;
  showToc: boolean;
  tocDepth: { min: number; max: number };
  scriptCss: string;
  scriptJsLoad: string;
  scriptJsUnload: string;
  password: string;
  relations: PageRelationRec[];
  authorId: string;
  authorName: string;
  creatorId: string;
  createdAt: string;
  updatedAt: string;
}

/** One stored previous state of a page (Wiki.js keeps the state *before* each change). */
export interface VersionRec {
  id: string;
  versionId: number;
  pageLegacyId: number;
  pageId: string;
  action: string;
  authorId: string;
  authorName: string;
  path: string;
  locale: string;
  title: string;
  description: string;
  content: string;
  contentType: string;
  editor: string;
  tags: string[];
  publishState: PublishState;
  publishStartDate: string | null;
  publishEndDate: string | null;
  /** When the stored state was current (the page's updatedAt at the time). */
  versionDate: string;
  createdAt: string;
}

export interface TagRec {
  id: string;
  siteId: string;
  tag: string;
  createdAt: string;
  updatedAt: string;
}

export interface FolderRec {
  id: string;
  siteId: string;
  locale: string;
  /** Parent folder path with `/` separators, `''` at the root. */
  folderPath: string;
  fileName: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface AssetRec {
  id: string;
  siteId: string;
  locale: string;
  folderPath: string;
  fileName: string;
  ext: string;
  kind: 'document' | 'image' | 'other';
  mime: string;
  fileSize: number;
  /** Base64, so every store (memory or LMDB msgpack) round-trips it unchanged. */
  data: string;
  authorId: string;
  createdAt: string;
  updatedAt: string;
}

export interface GroupRuleRec {
  id: string;
  name: string;
  mode: 'ALLOW' | 'DENY' | 'FORCEALLOW';
  match: 'START' | 'EXACT' | 'END' | 'REGEX' | 'TAG' | 'TAGALL';
  roles: string[];
  path: string;
  locales: string[];
  sites: string[];
}

export interface GroupRec {
  id: string;
  name: string;
  isSystem: boolean;
  permissions: string[];
  rules: GroupRuleRec[];
  redirectOnLogin: string;
  redirectOnFirstLogin: string;
  redirectOnLogout: string;
  createdAt: string;
  updatedAt: string;
}

export interface UserRec {
  id: string;
  email: string;
  name: string;
  passwordHash: string;
  isSystem: boolean;
  isActive: boolean;
  isVerified: boolean;
  mustChangePassword: boolean;
  groups: string[];
  meta: { jobTitle: string; location: string; pronouns: string };
  prefs: Record<string, string>;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
}

export interface ApiKeyRec {
  id: string;
  name: string;
  /** The full key is kept so the sandbox can recognise it; never returned after creation. */
  key: string;
  keyShort: string;
  groups: string[];
  expiration: string;
  isRevoked: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface SiteRec {
  id: string;
  hostname: string;
  isEnabled: boolean;
  title: string;
  description: string;
  company: string;
  contentLicense: string;
  createdAt: string;
  updatedAt: string;
}

export interface SettingsRec {
  apiEnabled: boolean;
  jwtPrivateKey: string;
  jwtPublicKey: string;
  localStrategyId: string;
  adminGroupId: string;
  usersGroupId: string;
  guestsGroupId: string;
  guestUserId: string;
  adminUserId: string;
  nextLegacyPageId: number;
  nextVersionId: number;
  /** Handed back by `startSandbox` on every reopen of a durable store (a local test wiki's admin). */
  adminPassword: string;
}
