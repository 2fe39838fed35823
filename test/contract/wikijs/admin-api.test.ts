/**
 * The administration fields of the Wiki.js 2 API beyond the everyday ones (admin.test.ts):
 * settings that are read and written back unchanged, the login flows of a user, and the
 * documented refusals of what a test server cannot do (an upgrade, a v1 import, a Let's Encrypt
 * renewal). Every write here either changes nothing or undoes itself, so the rest of the suite
 * runs beside it on the same wiki.
 */
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../../src/errors.js';
import { WikiJsClient } from '../../../src/wikijs/index.js';
import { useWiki } from './context.js';

describe('administration API of Wiki.js 2 (settings, login flows, refusals)', () => {
  const wiki = useWiki('admin-api', 2);

  it('system: extensions, telemetry and HTTPS-redirect switches, flags written back unchanged', async () => {
    const extensions = await wiki.client.system.extensions();
    expect(extensions.length).toBeGreaterThan(0);
    for (const ext of extensions) expect(ext).toMatchObject({ key: expect.any(String), isInstalled: expect.any(Boolean), isCompatible: expect.any(Boolean) });
    await wiki.client.system.setTelemetry(false);
    await wiki.client.system.resetTelemetryClientId();
    await wiki.client.system.setHttpsRedirection(false);
    const flags = await wiki.client.system.flags();
    await wiki.client.system.updateFlags([]);
    expect(await wiki.client.system.flags()).toEqual(flags);
  });

  it('system.export writes the chosen entities into an empty folder on the server, then refuses a used one', async () => {
    const folder = join(tmpdir(), `wikikit-contract-export-${wiki.unique('x')}`);
    await wiki.client.system.export(['groups', 'navigation'], folder);
    let status = await wiki.client.system.exportStatus();
    for (let i = 0; i < 120 && status.status === 'running'; i++) {
      await new Promise((r) => setTimeout(r, 500));
      status = await wiki.client.system.exportStatus();
    }
    expect(status).toMatchObject({ status: 'success', progress: 100 });
    await expect(wiki.client.system.export(['groups'], folder)).rejects.toMatchObject({ message: expect.stringContaining('Target directory must be empty') });
    await expect(wiki.client.system.export([], folder)).rejects.toBeInstanceOf(UsageError);
  });

  it('system: refuses what a test server cannot do (upgrade, v1 import, certificate renewal) with the reason', async () => {
    await expect(wiki.client.system.performUpgrade()).rejects.toMatchObject({ message: expect.stringContaining('wiki-update-companion') });
    await expect(wiki.client.system.importUsersFromV1('none', 'NONE')).rejects.toMatchObject({ message: expect.stringContaining('MongoDB Connection String is missing or invalid') });
    await expect(wiki.client.system.renewHttpsCertificate()).rejects.toMatchObject({ name: 'PermissionError', code: 7002, slug: 'SystemSSLDisabled' });
  });

  it('users: a user who must change the password logs in in two steps, then edits the own profile and password', async () => {
    const email = `${wiki.unique('twostep')}@example.com`;
    const user = await wiki.client.users.create({ email, name: 'Two Step', password: 'First-pass-123', mustChangePassword: true });
    try {
      const first = await wiki.client.authentication.login(email, 'First-pass-123');
      expect(first).toMatchObject({ jwt: '', mustChangePassword: true, continuationToken: expect.any(String) });
      const done = await wiki.client.authentication.loginChangePassword(first.continuationToken!, 'Second-pass-456');
      expect(done.jwt.split('.')).toHaveLength(3);
      expect((await wiki.client.users.lastLogins()).map((l) => l.id)).toContain(user.id);

      // The JWT of that login is a credential like an API key: the user acts on their own account.
      const self = new WikiJsClient({ url: wiki.target.url, apiKey: done.jwt }, { version: 2 });
      try {
        const renewed = await self.users.updateProfile({ jobTitle: 'Contract tester', location: 'Lab 2' });
        expect(renewed.jwt.split('.')).toHaveLength(3);
        expect(await wiki.client.users.get(user.id)).toMatchObject({ name: 'Two Step', jobTitle: 'Contract tester', location: 'Lab 2' });
        await expect(self.users.changePassword('not-the-password', 'Third-pass-789')).rejects.toMatchObject({ name: 'AuthError', slug: 'AuthPasswordInvalid' });
        expect((await self.users.changePassword('Second-pass-456', 'Third-pass-789')).jwt.split('.')).toHaveLength(3);
      } finally {
        await self.close();
      }
    } finally {
      await wiki.client.users.delete(user.id);
    }
  });

  it('users: verify, TFA switches; the 2.5 resetPassword stub is reported, not taken for a success', async () => {
    const email = `${wiki.unique('flags')}@example.com`;
    const user = await wiki.client.users.create({ email, name: 'Flag User', password: 'S3cret-pass-123' });
    try {
      await wiki.client.users.verify(user.id);
      expect((await wiki.client.users.get(user.id)).isVerified).toBe(true);
      await wiki.client.users.enableTfa(user.id);
      expect((await wiki.client.users.get(user.id)).tfaIsActive).toBe(true);
      await wiki.client.users.disableTfa(user.id);
      expect((await wiki.client.users.get(user.id)).tfaIsActive).toBe(false);
      await expect(wiki.client.users.resetPassword(user.id)).rejects.toMatchObject({ name: 'UsageError', message: expect.stringContaining('not implemented') });
    } finally {
      await wiki.client.users.delete(user.id);
    }
  });

  it('authentication: strategies available and configured, written back unchanged; guest reset; refused self-registration and TFA step', async () => {
    expect((await wiki.client.authentication.availableStrategies()).map((s) => s.key)).toContain('local');
    const before = await wiki.client.authentication.activeStrategies();
    const local = before.find((s) => s.key === 'local');
    expect(local).toMatchObject({ strategyKey: 'local', isEnabled: true, selfRegistration: false });
    await wiki.client.authentication.updateStrategies([{ key: 'local', displayName: local!.displayName }]);
    expect(await wiki.client.authentication.activeStrategies()).toEqual(before);
    await expect(wiki.client.authentication.updateStrategies([{ key: 'nope' }])).rejects.toMatchObject({ name: 'UsageError', field: 'key' });

    // An unknown address is silently accepted (the server tells nobody which emails exist).
    await wiki.client.authentication.forgotPassword(`${wiki.unique('nobody')}@example.com`);
    await expect(wiki.client.authentication.register({ email: `${wiki.unique('reg')}@example.com`, password: 'S3cret-pass-123', name: 'Reg' })).rejects.toMatchObject({ name: 'PermissionError', code: 1010 });
    await expect(wiki.client.authentication.loginTfa('not-a-continuation-token', '123456')).rejects.toMatchObject({ name: 'AuthError', code: 1015 });

    await wiki.client.authentication.setApiState(true);
    expect(await wiki.client.authentication.apiState()).toBe(true);

    await wiki.client.authentication.resetGuestUser();
    expect(await wiki.client.users.get(2)).toMatchObject({ email: 'guest@example.com', isSystem: true });
  });

  it('comments providers are written back unchanged', async () => {
    const providers = await wiki.client.comments.providers();
    const enabled = providers.find((p) => p.isEnabled);
    expect(enabled).toBeDefined();
    await wiki.client.comments.updateProviders([{ key: enabled!.key, isEnabled: true }]);
    expect(await wiki.client.comments.providers()).toEqual(providers);
  });

  it('localization: locale settings written back unchanged; search engines likewise; pages of a locale move to another', async () => {
    const config = await wiki.client.localization.config();
    await wiki.client.localization.updateLocale(config);
    // The server always adds the locale itself to the namespaces it stores.
    const after = await wiki.client.localization.config();
    expect({ ...after, namespaces: after.namespaces.filter((n) => n !== config.locale) }).toEqual({ ...config, namespaces: config.namespaces.filter((n) => n !== config.locale) });
    expect(after.namespaces).toContain(config.locale);
    await wiki.client.localization.downloadLocale('en');
    // An offline install (as the test server runs) has no locale strings loaded at all.
    await expect(wiki.client.localization.translations('en', 'common')).rejects.toMatchObject({ message: expect.stringContaining('Invalid locale or namespace') });

    const engines = await wiki.client.search.engines();
    const active = engines.find((e) => e.isEnabled)!;
    await wiki.client.search.updateEngines([{ key: active.key, isEnabled: true }]);
    expect((await wiki.client.search.engines()).find((e) => e.isEnabled)?.key).toBe(active.key);

    // A locale no page uses: nothing moves, and nothing of the rest of the suite is touched.
    expect(await wiki.client.pages.migrateToLocale('zu', 'zh')).toBe(0);
  });
});
