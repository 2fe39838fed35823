/**
 * Wiki.js 2.x users and groups. Where the server wants every field of an object
 * (`groups.update`, `users.update`) the client reads the current one and merges the patch.
 */
import { WikiApiError, usageError } from '../../errors.js';
import type { CallOptions, GroupPatch, GroupsApi, PageRule, ProfilePatch, UserCreateInput, UserPatch, UsersApi, WikiJsGroup, WikiJsGroupSummary, WikiJsId, WikiJsUser, WikiJsUserMatch, WikiJsUserSummary } from '../dialect.js';
import { compact, RESULT, type V2Ops } from './ops.js';
import { id, notFound, type Payload } from './admin-shared.js';

const USER_MIN = 'id name email providerKey isSystem isActive createdAt lastLoginAt';
/** What the 2.5 search resolver selects (see WikiJsUserMatch). */
const USER_MATCH = 'id name email providerKey createdAt';
const USER_FULL = `${USER_MIN} isVerified location jobTitle timezone dateFormat appearance updatedAt tfaIsActive groups { id name }`;

export function v2Users(ops: V2Ops): UsersApi {
  const api: UsersApi = {
    async list(options = {}) {
      const variables: Record<string, unknown> = {};
      if (options.filter !== undefined) variables['filter'] = options.filter;
      if (options.orderBy !== undefined) variables['orderBy'] = options.orderBy;
      return compact(
        await ops.read<(WikiJsUserSummary | null)[]>('users.list', 'users.list', `query ($filter: String, $orderBy: String) { users { list(filter: $filter, orderBy: $orderBy) { ${USER_MIN} } } }`, variables, options),
      );
    },
    async search(query, options) {
      return compact(await ops.read<(WikiJsUserMatch | null)[]>('users.search', 'users.search', `query ($query: String!) { users { search(query: $query) { ${USER_MATCH} } } }`, { query }, options));
    },
    async get(userId, options) {
      let user: WikiJsUser | null;
      try {
        user = await ops.read<WikiJsUser | null>('users.get', 'users.single', `query ($id: Int!) { users { single(id: $id) { ${USER_FULL} } } }`, { id: id(userId) }, options);
      } catch (error) {
        // A missing user is a raw TypeError on the server (no Wiki.js code).
        if (error instanceof WikiApiError && error.slug === 'TypeError') throw notFound('users.get', `user #${userId}`, error);
        throw error;
      }
      if (!user) throw notFound('users.get', `user #${userId}`);
      return user;
    },
    async profile(options) {
      return ops.read<{ id: number; name: string; email: string }>('users.profile', 'users.profile', '{ users { profile { id name email } } }', undefined, options);
    },
    async create(input: UserCreateInput, options?: CallOptions) {
      const variables = {
        email: input.email,
        name: input.name,
        passwordRaw: input.password ?? null,
        providerKey: input.providerKey ?? 'local',
        groups: (input.groups ?? []).map((g, i) => id(g, `groups[${i}]`)),
        mustChangePassword: input.mustChangePassword ?? false,
        sendWelcomeEmail: input.sendWelcomeEmail ?? false,
      };
      await ops.write<Payload>(
        'users.create',
        'users.create',
        `mutation ($email: String!, $name: String!, $passwordRaw: String, $providerKey: String!, $groups: [Int]!, $mustChangePassword: Boolean, $sendWelcomeEmail: Boolean) {
          users { create(email: $email, name: $name, passwordRaw: $passwordRaw, providerKey: $providerKey, groups: $groups, mustChangePassword: $mustChangePassword, sendWelcomeEmail: $sendWelcomeEmail) { ${RESULT} } } }`,
        variables,
        options,
        { path: input.email },
      );
      // `user` is always null in the create answer, and the email is stored lower-cased.
      const email = input.email.toLowerCase();
      const found = (await api.list(options)).find((u) => u.email.toLowerCase() === email);
      if (!found) throw notFound('users.create', input.email);
      return found;
    },
    async update(userId, patch: UserPatch, options) {
      const current = await api.get(userId, options);
      const variables: Record<string, unknown> = {
        id: id(userId),
        email: patch.email ?? current.email,
        name: patch.name ?? current.name,
        groups: (patch.groups ?? current.groups.map((g) => g.id)).map((g, i) => id(g, `groups[${i}]`)),
        location: patch.location ?? current.location,
        jobTitle: patch.jobTitle ?? current.jobTitle,
        timezone: patch.timezone ?? current.timezone,
        dateFormat: patch.dateFormat ?? current.dateFormat,
        appearance: patch.appearance ?? current.appearance,
      };
      if (patch.newPassword !== undefined) variables['newPassword'] = patch.newPassword;
      await ops.write<Payload>(
        'users.update',
        'users.update',
        `mutation ($id: Int!, $email: String, $name: String, $newPassword: String, $groups: [Int], $location: String, $jobTitle: String, $timezone: String, $dateFormat: String, $appearance: String) {
          users { update(id: $id, email: $email, name: $name, newPassword: $newPassword, groups: $groups, location: $location, jobTitle: $jobTitle, timezone: $timezone, dateFormat: $dateFormat, appearance: $appearance) { ${RESULT} } } }`,
        variables,
        options,
      );
    },
    async lastLogins(options) {
      return compact(await ops.read<({ id: number; name: string; lastLoginAt: string } | null)[]>('users.lastLogins', 'users.lastLogins', '{ users { lastLogins { id name lastLoginAt } } }', undefined, options));
    },
    async updateProfile(patch: ProfilePatch, options) {
      // Every argument is required: the current profile fills what the patch leaves out.
      const current = await ops.read<{ name: string; location: string | null; jobTitle: string | null; timezone: string | null; dateFormat: string | null; appearance: string | null }>(
        'users.updateProfile',
        'users.profile',
        '{ users { profile { name location jobTitle timezone dateFormat appearance } } }',
        undefined,
        options,
      );
      const payload = await ops.write<Payload & { jwt: string | null }>(
        'users.updateProfile',
        'users.updateProfile',
        `mutation ($name: String!, $location: String!, $jobTitle: String!, $timezone: String!, $dateFormat: String!, $appearance: String!) {
          users { updateProfile(name: $name, location: $location, jobTitle: $jobTitle, timezone: $timezone, dateFormat: $dateFormat, appearance: $appearance) { ${RESULT} jwt } } }`,
        {
          name: patch.name ?? current.name,
          location: patch.location ?? current.location ?? '',
          jobTitle: patch.jobTitle ?? current.jobTitle ?? '',
          timezone: patch.timezone ?? current.timezone ?? 'America/New_York',
          dateFormat: patch.dateFormat ?? current.dateFormat ?? '',
          appearance: patch.appearance ?? current.appearance ?? '',
        },
        options,
        { idempotent: true },
      );
      return { jwt: payload.jwt ?? '' };
    },
    async changePassword(currentPassword, newPassword, options) {
      const payload = await ops.write<Payload & { jwt: string | null }>(
        'users.changePassword',
        'users.changePassword',
        `mutation ($current: String!, $new: String!) { users { changePassword(current: $current, new: $new) { ${RESULT} jwt } } }`,
        { current: currentPassword, new: newPassword },
        options,
      );
      return { jwt: payload.jwt ?? '' };
    },
    async delete(userId, options = {}) {
      await ops.write<Payload>('users.delete', 'users.delete', `mutation ($id: Int!, $replaceId: Int!) { users { delete(id: $id, replaceId: $replaceId) { ${RESULT} } } }`, {
        id: id(userId),
        replaceId: id(options.replaceId ?? 1, 'replaceId'),
      }, options);
    },
  };
  for (const action of ['activate', 'deactivate', 'verify', 'enableTfa', 'disableTfa'] as const) {
    const field = action === 'enableTfa' ? 'enableTFA' : action === 'disableTfa' ? 'disableTFA' : action;
    api[action] = async (userId: WikiJsId, options?: CallOptions) => {
      await ops.write<Payload>(`users.${action}`, `users.${field}`, `mutation ($id: Int!) { users { ${field}(id: $id) { ${RESULT} } } }`, { id: id(userId) }, options);
    };
  }
  api.resetPassword = async (userId: WikiJsId, options?: CallOptions) => {
    const data = await ops.gql.execute<{ users: { resetPassword: Payload | null } | null }>(
      `mutation ($id: Int!) { users { resetPassword(id: $id) { ${RESULT} } } }`,
      { id: id(userId) },
      { name: 'users.resetPassword', kind: 'write' },
      { signal: options?.signal },
    );
    const result = data.users?.resetPassword?.responseResult;
    // 2.5.314's resolver is a stub (`return false`): no status comes back and nothing is reset.
    if (!result) throw usageError('users.resetPassword is not implemented by Wiki.js 2.5 (the server answers without a status and resets nothing); set a new password with users.update({ newPassword })', { field: 'users.resetPassword' });
    if (!result.succeeded) throw ops.gql.mapResponseResult(result, { query: '', operation: { name: 'users.resetPassword', kind: 'write' } });
  };
  return api;
}

const GROUP_FULL = 'id name isSystem redirectOnLogin permissions pageRules { id deny match roles path locales } users { id name email } createdAt updatedAt';

interface RawGroup extends Omit<WikiJsGroup, 'pageRules' | 'users' | 'redirectOnLogin' | 'permissions'> {
  redirectOnLogin: string | null;
  permissions: (string | null)[];
  pageRules: (PageRule | null)[] | null;
  users: ({ id: number; name: string; email: string } | null)[] | null;
}

function decodeGroup(raw: RawGroup): WikiJsGroup {
  return { ...raw, redirectOnLogin: raw.redirectOnLogin ?? '/', permissions: compact(raw.permissions), pageRules: compact(raw.pageRules), users: compact(raw.users) };
}

export function v2Groups(ops: V2Ops): GroupsApi {
  const api: GroupsApi = {
    async list(options) {
      return compact(await ops.read<(WikiJsGroupSummary | null)[]>('groups.list', 'groups.list', '{ groups { list { id name isSystem userCount createdAt updatedAt } } }', undefined, options));
    },
    async get(groupId, options) {
      const raw = await ops.read<RawGroup | null>('groups.get', 'groups.single', `query ($id: Int!) { groups { single(id: $id) { ${GROUP_FULL} } } }`, { id: id(groupId) }, options);
      if (!raw) throw notFound('groups.get', `group #${groupId}`);
      return decodeGroup(raw);
    },
    async create(name, options) {
      if (name.trim() === '') throw usageError('name must not be empty', { field: 'name' });
      const payload = await ops.write<Payload & { group: RawGroup | null }>(
        'groups.create',
        'groups.create',
        `mutation ($name: String!) { groups { create(name: $name) { ${RESULT} group { id name isSystem redirectOnLogin permissions pageRules { id deny match roles path locales } createdAt updatedAt } } } }`,
        { name },
        options,
      );
      if (!payload.group) throw notFound('groups.create', name);
      return decodeGroup({ ...payload.group, users: [] });
    },
    async update(groupId, patch: GroupPatch, options) {
      // The server requires every field; send the current value of each one the patch omits.
      const current = await api.get(groupId, options);
      await ops.write<Payload>(
        'groups.update',
        'groups.update',
        `mutation ($id: Int!, $name: String!, $redirectOnLogin: String!, $permissions: [String]!, $pageRules: [PageRuleInput]!) {
          groups { update(id: $id, name: $name, redirectOnLogin: $redirectOnLogin, permissions: $permissions, pageRules: $pageRules) { ${RESULT} } } }`,
        {
          id: id(groupId),
          name: patch.name ?? current.name,
          redirectOnLogin: patch.redirectOnLogin ?? current.redirectOnLogin,
          permissions: [...(patch.permissions ?? current.permissions)],
          pageRules: (patch.pageRules ?? current.pageRules).map((r) => ({ id: r.id, deny: r.deny, match: r.match, roles: [...r.roles], path: r.path, locales: [...r.locales] })),
        },
        options,
      );
    },
    async delete(groupId, options) {
      await ops.write<Payload>('groups.delete', 'groups.delete', `mutation ($id: Int!) { groups { delete(id: $id) { ${RESULT} } } }`, { id: id(groupId) }, options);
    },
    async assignUser(groupId, userId, options) {
      await ops.write<Payload>('groups.assignUser', 'groups.assignUser', `mutation ($groupId: Int!, $userId: Int!) { groups { assignUser(groupId: $groupId, userId: $userId) { ${RESULT} } } }`, {
        groupId: id(groupId, 'groupId'),
        userId: id(userId, 'userId'),
      }, options);
    },
    async unassignUser(groupId, userId, options) {
      await ops.write<Payload>('groups.unassignUser', 'groups.unassignUser', `mutation ($groupId: Int!, $userId: Int!) { groups { unassignUser(groupId: $groupId, userId: $userId) { ${RESULT} } } }`, {
        groupId: id(groupId, 'groupId'),
        userId: id(userId, 'userId'),
      }, options);
    },
    async pageRules(groupId, options) {
      return [...(await api.get(groupId, options)).pageRules];
    },
    async setPageRules(groupId, rules, options) {
      await api.update(groupId, { pageRules: rules }, options);
    },
  };
  return api;
}
