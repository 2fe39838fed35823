import type { PageRule } from './access.js';

/** Stored shapes, close to Wiki.js 2's tables (pages, tags, pageHistory, users, groups, apiKeys, assets). */
export interface TocItem {
  title: string;
  anchor: string;
  children: TocItem[];
}

export interface PageRec {
  id: number;
  path: string;
  hash: string;
  title: string;
  description: string;
  isPrivate: boolean;
  isPublished: boolean;
  privateNS: string | null;
  publishStartDate: string;
  publishEndDate: string;
  content: string;
  render: string;
  toc: TocItem[];
  contentType: string;
  createdAt: string;
  updatedAt: string;
  editorKey: string;
  localeCode: string;
  scriptCss: string;
  scriptJs: string;
  authorId: number;
  creatorId: number;
  tagIds: number[];
  /** Outgoing internal links as `locale/path`, captured at render time. */
  links: string[];
}

/** `comments` table of the default comment provider. */
export interface CommentRec {
  id: number;
  content: string;
  render: string;
  replyTo: number | null;
  pageId: number;
  authorId: number;
  name: string;
  email: string;
  ip: string;
  createdAt: string;
  updatedAt: string;
}

export interface TagRec {
  id: number;
  tag: string;
  title: string;
  createdAt: string;
  updatedAt: string;
}

export interface VersionRec {
  id: number;
  pageId: number;
  action: string;
  authorId: number;
  content: string;
  contentType: string;
  createdAt: string;
  versionDate: string;
  description: string;
  editorKey: string;
  isPrivate: boolean;
  isPublished: boolean;
  localeCode: string;
  path: string;
  publishEndDate: string;
  publishStartDate: string;
  title: string;
}

export interface UserRec {
  id: number;
  email: string;
  name: string;
  providerKey: string;
  passwordHash: string;
  isSystem: boolean;
  isActive: boolean;
  isVerified: boolean;
  location: string;
  jobTitle: string;
  timezone: string;
  dateFormat: string;
  appearance: string;
  createdAt: string;
  updatedAt: string;
  lastLoginAt: string | null;
  tfaIsActive: boolean;
  mustChangePwd: boolean;
  groupIds: number[];
  /** Physical row order: PostgreSQL returns updated rows last from an unordered SELECT. */
  rowSeq: number;
}

export interface GroupRec {
  id: number;
  name: string;
  isSystem: boolean;
  redirectOnLogin: string;
  permissions: string[];
  pageRules: PageRule[];
  createdAt: string;
  updatedAt: string;
}

export interface ApiKeyRec {
  id: number;
  name: string;
  key: string;
  expiration: string;
  createdAt: string;
  updatedAt: string;
  isRevoked: boolean;
  groupId: number;
}

export interface AssetFolderRec {
  id: number;
  parentId: number | null;
  slug: string;
  name: string;
}

export interface AssetRec {
  id: number;
  filename: string;
  ext: string;
  kind: 'image' | 'binary';
  mime: string;
  fileSize: number;
  folderId: number | null;
  authorId: number;
  createdAt: string;
  updatedAt: string;
  data: Uint8Array;
}

export interface NavigationItemRec {
  id: string;
  kind: string;
  label: string | null;
  icon: string | null;
  targetType: string | null;
  target: string | null;
  visibilityMode: string | null;
  visibilityGroups: number[] | null;
}

export interface SettingsRec {
  apiEnabled: boolean;
  site: Record<string, unknown>;
  navigation: Array<{ locale: string; items: NavigationItemRec[] }>;
  navigationMode: string;
  theming: { theme: string; iconset: string; darkMode: boolean; tocPosition: string; injectCSS: string; injectHead: string; injectBody: string };
  telemetryClientId: string;
}
