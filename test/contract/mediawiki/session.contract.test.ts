import { afterAll, describe, expect, it } from 'vitest';
import { AuthError, UsageError, isWikikitError } from '../../../src/errors.js';
import { MediaWikiClient } from '../../../src/mediawiki/index.js';
import { mediaWikiEnv, uniqueTitle } from '../../helpers/mediawiki-env.js';

const env = mediaWikiEnv();

describe.skipIf(!env)('MediaWiki sessions (real MediaWiki 1.39)', () => {
  const e = env!;
  const clients: MediaWikiClient[] = [];
  const make = (username: string, password: string, events?: unknown[]): MediaWikiClient => {
    const client = new MediaWikiClient({ apiUrl: e.apiUrl, username, password }, events ? { transport: { onEvent: (event) => events.push(event) } } : {});
    clients.push(client);
    return client;
  };
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
  });

  it('logs in with a bot password (action=login) and sees the bot right', async () => {
    const client = make(e.username, e.password);
    const user = await client.login();
    expect(user.name).toBe('Admin');
    expect(user.anon).toBe(false);
    expect(user.rights).toContain('bot');
    expect(await client.batchSize()).toBe(500);
  });

  it('logs in a main account with clientlogin', async () => {
    const client = make(e.adminUsername, e.adminPassword);
    const user = await client.login();
    expect(user.name).toBe('Admin');
    const result = await client.edit({ title: uniqueTitle('clientlogin'), text: 'made through clientlogin' });
    expect(result.result).toBe('Success');
  });

  it('a wrong password is an AuthError that never shows the password', async () => {
    const secret = 'wrongpassword0123456789abcdefghij';
    const client = make(e.username, secret);
    const error = await client.login().catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(AuthError);
    const text = `${String(error)} ${JSON.stringify((error as AuthError).toJSON())}`;
    expect(text).not.toContain(secret);
    expect((error as AuthError).code).toBe('Failed');
  });

  it('a wrong main-account password via clientlogin is an AuthError', async () => {
    const client = make(e.adminUsername, 'not-the-password');
    await expect(client.login()).rejects.toBeInstanceOf(AuthError);
  });

  it('session lost on the server side → assert fails → one re-login → the edit is made once', async () => {
    const events: { type: string; operation?: string }[] = [];
    const client = make(e.username, e.password, events);
    await client.login();
    const title = uniqueTitle('relogin');
    await client.edit({ title, text: 'first' });
    // Drop the session cookies as if the server had expired the session.
    (client as unknown as { conn: { jar: { clear(): void } } }).conn.jar.clear();
    const result = await client.edit({ title, text: 'after session loss' });
    expect(result.result).toBe('Success');
    const logins = events.filter((event) => event.type === 'response' && event.operation === 'action=login');
    expect(logins.length).toBe(2);
    const [page] = await client.getMany(title);
    expect(page?.content).toBe('after session loss');
  });

  it('logout ends the session: later writes log in again', async () => {
    const client = make(e.username, e.password);
    await client.login();
    await client.logout();
    expect(client.user).toBeUndefined();
    const result = await client.edit({ title: uniqueTitle('after-logout'), text: 'x' });
    expect(result.result).toBe('Success');
    expect(client.user?.name).toBe('Admin');
  });

  it('a token is never in an error message or toJSON', async () => {
    const client = make(e.username, e.password);
    const token = await client.token('csrf');
    expect(token.length).toBeGreaterThan(10);
    const error = await client.request({ action: 'edit', title: 'Wikikit test/bad', text: 'x', md5: 'bad' }, { token: 'csrf' }).catch((caught: unknown) => caught);
    expect(isWikikitError(error)).toBe(true);
    const text = `${String(error)} ${JSON.stringify((error as AuthError).toJSON())}`;
    expect(text).not.toContain(token);
    expect(text).toContain('[REDACTED]');
  });

  it('bad constructor input is a UsageError', () => {
    expect(() => new MediaWikiClient({ apiUrl: 'not a url' })).toThrow(UsageError);
    expect(() => new MediaWikiClient({ apiUrl: e.apiUrl, username: 'x' })).toThrow(UsageError);
  });
});
