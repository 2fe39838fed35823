import { describe, expect, it } from 'vitest';
import { ConflictError, NotFoundError, ValidationError } from '../../../src/errors.js';
import { WikiJsClient } from '../../../src/wikijs/index.js';
import { expected, useWiki, VERSIONS_2_3 } from './context.js';

describe.each(VERSIONS_2_3)('users and groups on Wiki.js %i', (version) => {
  const wiki = useWiki('users', version);
  const e = expected(version);

  it('lists users including the admin, and the profile of the key', async () => {
    const users = await wiki.client.users.list();
    expect(users.some((u) => u.email.includes('@'))).toBe(true);
    const profile = await wiki.client.users.profile();
    expect(profile.id).toBeDefined();
  });

  it('creates a user (found again by email, lower-cased), reads, updates only the patch, deactivates and deletes it', async () => {
    const email = `${wiki.unique('user')}@Example.com`;
    const user = await wiki.client.users.create({ email, name: 'Contract User', password: 'S3cret-pass-123' });
    expect(user.email).toBe(email.toLowerCase());
    try {
      await expect(wiki.client.users.create({ email, name: 'Again', password: 'S3cret-pass-123' })).rejects.toMatchObject({ name: 'ConflictError', ...e.duplicateEmail });
      const full = await wiki.client.users.get(user.id);
      expect(full).toMatchObject({ name: 'Contract User', email: email.toLowerCase(), isActive: true });
      await wiki.client.users.update(user.id, { jobTitle: 'Tester' });
      const updated = await wiki.client.users.get(user.id);
      expect(updated).toMatchObject({ name: 'Contract User', jobTitle: 'Tester', email: email.toLowerCase() });
      expect((await wiki.client.users.search(email.toLowerCase().slice(0, 12))).some((u) => u.id === user.id)).toBe(true);
      await wiki.client.users.deactivate(user.id);
      expect((await wiki.client.users.get(user.id)).isActive).toBe(false);
      await wiki.client.users.activate(user.id);
    } finally {
      await wiki.client.users.delete(user.id);
    }
    await expect(wiki.client.users.get(user.id)).rejects.toBeInstanceOf(NotFoundError);
  });

  it('logs in with username and password (JWT session) as a fresh user', async () => {
    const email = `${wiki.unique('jwt')}@example.com`;
    const password = 'S3cret-pass-jwt-123';
    const user = await wiki.client.users.create({ email, name: 'JWT User', password });
    try {
      const session = new WikiJsClient({ url: wiki.target.url, username: email, password }, { version });
      const info = await session.testConnection();
      expect(info.identity).toMatchObject({ email, guest: false });
      expect(String(session)).not.toContain(password);
      await session.close();
    } finally {
      await wiki.client.users.delete(user.id);
    }
  });

  it('refuses an invalid email or a short password with ValidationError 1012', async () => {
    await expect(wiki.client.users.create({ email: 'not-an-email', name: 'X', password: 'S3cret-pass-123' })).rejects.toMatchObject({ name: 'ValidationError', ...e.invalidInput });
    const error = await wiki.client.users.create({ email: `${wiki.unique('short')}@example.com`, name: 'Short', password: 'abc' }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ValidationError);
  });

  it('creates a group, merges updates, sets page rules, assigns and unassigns a user, deletes it', async () => {
    const name = wiki.unique('group');
    const group = await wiki.client.groups.create(name);
    const email = `${wiki.unique('member')}@example.com`;
    const user = await wiki.client.users.create({ email, name: 'Member', password: 'S3cret-pass-123' });
    try {
      expect(group).toMatchObject({ name, isSystem: false });
      expect(group.permissions).toContain('read:pages');
      await wiki.client.groups.update(group.id, { redirectOnLogin: '/welcome' });
      const updated = await wiki.client.groups.get(group.id);
      expect(updated).toMatchObject({ name, redirectOnLogin: '/welcome' });
      expect(updated.permissions).toEqual(group.permissions);
      const rules = [{ id: 'contract', deny: false, match: 'START' as const, roles: ['read:pages'], path: 'wikikit-contract', locales: [] }];
      await wiki.client.groups.setPageRules(group.id, rules);
      expect(await wiki.client.groups.pageRules(group.id)).toEqual(rules);
      await wiki.client.groups.assignUser(group.id, user.id);
      expect((await wiki.client.groups.get(group.id)).users.map((u) => u.id)).toContain(user.id);
      await wiki.client.groups.unassignUser(group.id, user.id);
      expect((await wiki.client.groups.get(group.id)).users.map((u) => u.id)).not.toContain(user.id);
      expect((await wiki.client.groups.list()).some((g) => g.id === group.id)).toBe(true);
    } finally {
      await wiki.client.users.delete(user.id);
      await wiki.client.groups.delete(group.id);
    }
    expect((await wiki.client.groups.list()).some((g) => g.id === group.id)).toBe(false);
  });

  it('allows duplicate group names (as the real server does)', async () => {
    const name = wiki.unique('twin');
    const a = await wiki.client.groups.create(name);
    const b = await wiki.client.groups.create(name);
    expect(a.id).not.toBe(b.id);
    await wiki.client.groups.delete(a.id);
    await wiki.client.groups.delete(b.id);
    expect(ConflictError).toBeDefined();
  });
});
