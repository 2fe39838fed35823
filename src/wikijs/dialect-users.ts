/** The dialect contract (dialect.ts), users and groups. */
import type { CallOptions, WikiJsId } from './dialect-base.js';

export interface WikiJsUserSummary {
  readonly id: WikiJsId;
  readonly name: string;
  readonly email: string;
  readonly providerKey: string;
  readonly isSystem: boolean;
  readonly isActive: boolean;
  readonly createdAt: string;
  readonly lastLoginAt: string | null;
}

/**
 * A `users.search` hit. Wiki.js 2.5 selects only these columns for a search (asking it for
 * `isSystem` or `isActive` fails the whole query: "Cannot return null for non-nullable field").
 */
export type WikiJsUserMatch = Pick<WikiJsUserSummary, 'id' | 'name' | 'email' | 'providerKey' | 'createdAt'>;

export interface WikiJsUser extends WikiJsUserSummary {
  readonly isVerified: boolean;
  readonly location: string;
  readonly jobTitle: string;
  readonly timezone: string;
  readonly dateFormat: string;
  readonly appearance: string;
  readonly updatedAt: string;
  readonly tfaIsActive: boolean;
  readonly groups: readonly { readonly id: WikiJsId; readonly name: string }[];
}

export interface UserCreateInput {
  readonly email: string;
  readonly name: string;
  /** Not sent anywhere but the create call; never logged. */
  readonly password?: string;
  /** @default 'local' */
  readonly providerKey?: string;
  /** @default [] */
  readonly groups?: readonly WikiJsId[];
  readonly mustChangePassword?: boolean;
  /** @default false (true fails on a server without mail, although the user is created) */
  readonly sendWelcomeEmail?: boolean;
}

export interface UserPatch {
  readonly email?: string;
  readonly name?: string;
  readonly newPassword?: string;
  readonly groups?: readonly WikiJsId[];
  readonly location?: string;
  readonly jobTitle?: string;
  readonly timezone?: string;
  readonly dateFormat?: string;
  readonly appearance?: string;
}

export interface UsersApi {
  list(options?: CallOptions & { filter?: string; orderBy?: string }): Promise<WikiJsUserSummary[]>;
  search?(query: string, options?: CallOptions): Promise<WikiJsUserMatch[]>;
  get(id: WikiJsId, options?: CallOptions): Promise<WikiJsUser>;
  /** The caller's own profile (an API key acts as the admin on Wiki.js 2). */
  profile?(options?: CallOptions): Promise<{ readonly id: WikiJsId; readonly name: string; readonly email: string }>;
  /** Returns the created user (looked up after the create where the server does not return it). */
  create(input: UserCreateInput, options?: CallOptions): Promise<WikiJsUserSummary>;
  update(id: WikiJsId, patch: UserPatch, options?: CallOptions): Promise<void>;
  delete(id: WikiJsId, options?: CallOptions & { replaceId?: WikiJsId }): Promise<void>;
  activate?(id: WikiJsId, options?: CallOptions): Promise<void>;
  deactivate?(id: WikiJsId, options?: CallOptions): Promise<void>;
  verify?(id: WikiJsId, options?: CallOptions): Promise<void>;
  resetPassword?(id: WikiJsId, options?: CallOptions): Promise<void>;
  enableTfa?(id: WikiJsId, options?: CallOptions): Promise<void>;
  disableTfa?(id: WikiJsId, options?: CallOptions): Promise<void>;
  /** The ten most recent logins (who and when). */
  lastLogins?(options?: CallOptions): Promise<{ readonly id: WikiJsId; readonly name: string; readonly lastLoginAt: string }[]>;
  /**
   * Changes the caller's own profile (an API key acts as user 1 on Wiki.js 2); omitted fields
   * keep their value. Returns the renewed session token the server hands back.
   */
  updateProfile?(patch: ProfilePatch, options?: CallOptions): Promise<{ readonly jwt: string }>;
  /** Changes the caller's own password (local accounts); returns the renewed session token. */
  changePassword?(current: string, next: string, options?: CallOptions): Promise<{ readonly jwt: string }>;
}

export interface ProfilePatch {
  readonly name?: string;
  readonly location?: string;
  readonly jobTitle?: string;
  readonly timezone?: string;
  /** `''`, `DD/MM/YYYY`, `DD.MM.YYYY`, `MM/DD/YYYY`, `YYYY-MM-DD` or `YYYY/MM/DD` (server rule). */
  readonly dateFormat?: string;
  /** `''`, `light` or `dark`. */
  readonly appearance?: string;
}

export type PageRuleMatch = 'START' | 'EXACT' | 'END' | 'REGEX' | 'TAG';

export interface PageRule {
  readonly id: string;
  readonly deny: boolean;
  readonly match: PageRuleMatch;
  readonly roles: readonly string[];
  readonly path: string;
  readonly locales: readonly string[];
}

export interface WikiJsGroupSummary {
  readonly id: WikiJsId;
  readonly name: string;
  readonly isSystem: boolean;
  readonly userCount?: number | undefined;
  readonly createdAt: string;
  readonly updatedAt: string;
}

export interface WikiJsGroup extends WikiJsGroupSummary {
  readonly redirectOnLogin: string;
  readonly permissions: readonly string[];
  readonly pageRules: readonly PageRule[];
  readonly users: readonly { readonly id: WikiJsId; readonly name: string; readonly email: string }[];
}

export interface GroupPatch {
  readonly name?: string;
  readonly redirectOnLogin?: string;
  readonly permissions?: readonly string[];
  readonly pageRules?: readonly PageRule[];
}

export interface GroupsApi {
  list(options?: CallOptions): Promise<WikiJsGroupSummary[]>;
  get(id: WikiJsId, options?: CallOptions): Promise<WikiJsGroup>;
  create(name: string, options?: CallOptions): Promise<WikiJsGroup>;
  /** Changes only what `patch` names (the server needs every field; the client merges). */
  update(id: WikiJsId, patch: GroupPatch, options?: CallOptions): Promise<void>;
  delete(id: WikiJsId, options?: CallOptions): Promise<void>;
  assignUser(groupId: WikiJsId, userId: WikiJsId, options?: CallOptions): Promise<void>;
  unassignUser(groupId: WikiJsId, userId: WikiJsId, options?: CallOptions): Promise<void>;
  pageRules?(groupId: WikiJsId, options?: CallOptions): Promise<PageRule[]>;
  setPageRules?(groupId: WikiJsId, rules: readonly PageRule[], options?: CallOptions): Promise<void>;
}
