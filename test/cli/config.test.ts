import { stat, readFile, writeFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, maskSecret, resolveTarget, EMPTY_CONFIG, type ConfigFile } from '../../src/cli/config.js';
import { ndjson, run, tempDir } from './capture.js';

const TOKEN = 'eyJhbGciOiJSUzI1NiJ9.planted-config-secret';

describe('config file', () => {
  it('config add writes the profile 0600 atomically and never prints the token', async () => {
    await using dir = await tempDir();
    const file = join(dir.path, 'nested', 'config.json');
    const env = { WIKIKIT_CONFIG: file, WIKIKIT_TOKEN: TOKEN };
    const added = await run(['config', 'add', 'prod', '--url', 'https://wiki.example.com/'], { env });
    expect(added.code).toBe(0);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await readdir(join(dir.path, 'nested'))).toEqual(['config.json']); // no temp file left behind
    const stored = JSON.parse(await readFile(file, 'utf8')) as ConfigFile;
    expect(stored).toEqual({ version: 1, current: 'prod', profiles: { prod: { kind: 'wikijs', url: 'https://wiki.example.com', token: TOKEN } } });

    const list = await run(['config', 'list'], { env: { WIKIKIT_CONFIG: file } });
    const listJson = await run(['config', 'list', '--json'], { env: { WIKIKIT_CONFIG: file } });
    for (const result of [added, list, listJson]) expect(result.stdout + result.stderr).not.toContain(TOKEN);
    expect(list.stdout).toContain('eyJh…(redacted)');
    expect(ndjson(listJson.stdout)).toEqual([
      { type: 'profile', name: 'prod', kind: 'wikijs', url: 'https://wiki.example.com', current: true, secret: 'eyJh…(redacted)' },
    ]);
  });

  it('reads the token from --token-file and refuses to prompt without a terminal', async () => {
    await using dir = await tempDir();
    const file = join(dir.path, 'config.json');
    const tokenFile = join(dir.path, 'key.txt');
    await writeFile(tokenFile, `${TOKEN}\n`);
    expect((await run(['config', 'add', 'a', '--url', 'http://a.test'], { env: { WIKIKIT_CONFIG: file } })).code).toBe(2);
    const ok = await run(['config', 'add', 'a', '--url', 'http://a.test', '--token-file', tokenFile], { env: { WIKIKIT_CONFIG: file } });
    expect(ok.code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ profiles: { a: { token: TOKEN } } });
  });

  it('MediaWiki profiles: kind from api.php, bot password from the env', async () => {
    await using dir = await tempDir();
    const file = join(dir.path, 'config.json');
    const env = { WIKIKIT_CONFIG: file, WIKIKIT_PASSWORD: 'bot-password-secret-0123456789' };
    const result = await run(['config', 'add', 'mw', '--url', 'http://localhost:8080/w/api.php', '--username', 'Admin@wikikit'], { env });
    expect(result.code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ profiles: { mw: { kind: 'mediawiki', username: 'Admin@wikikit', password: env.WIKIKIT_PASSWORD } } });
    const list = await run(['config', 'list'], { env: { WIKIKIT_CONFIG: file } });
    expect(list.stdout).not.toContain(env.WIKIKIT_PASSWORD);
    expect(list.stdout).toContain('mediawiki');
  });

  it('use and remove', async () => {
    await using dir = await tempDir();
    const file = join(dir.path, 'config.json');
    const env = { WIKIKIT_CONFIG: file, WIKIKIT_TOKEN: TOKEN };
    await run(['config', 'add', 'a', '--url', 'http://a.test'], { env });
    await run(['config', 'add', 'b', '--url', 'http://b.test'], { env });
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ current: 'a' });
    expect((await run(['config', 'use', 'b'], { env })).code).toBe(0);
    expect(JSON.parse(await readFile(file, 'utf8'))).toMatchObject({ current: 'b' });
    expect((await run(['config', 'use', 'zzz'], { env })).code).toBe(2);
    expect((await run(['config', 'remove', 'b'], { env })).code).toBe(0);
    const after = JSON.parse(await readFile(file, 'utf8')) as ConfigFile;
    expect(Object.keys(after.profiles)).toEqual(['a']);
    expect(after.current).toBeUndefined();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it('a broken config file is a usage error naming the file', async () => {
    await using dir = await tempDir();
    const file = join(dir.path, 'config.json');
    await writeFile(file, '{ not json');
    const result = await run(['config', 'list'], { env: { WIKIKIT_CONFIG: file } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(file);
  });
});

describe('configPath', () => {
  it('WIKIKIT_CONFIG > XDG_CONFIG_HOME > ~/.config', () => {
    expect(configPath({ WIKIKIT_CONFIG: 'c.json', XDG_CONFIG_HOME: '/xdg', HOME: '/h' }, '/cwd')).toBe('/cwd/c.json');
    expect(configPath({ XDG_CONFIG_HOME: '/xdg', HOME: '/h' }, '/cwd')).toBe('/xdg/wikikit/config.json');
    expect(configPath({ HOME: '/h' }, '/cwd')).toBe('/h/.config/wikikit/config.json');
  });
});

describe('maskSecret', () => {
  it('shows at most four characters of a long secret and none of a short one', () => {
    expect(maskSecret('eyJhbGciOiJIUzI1NiJ9.xyz')).toBe('eyJh…(redacted)');
    expect(maskSecret('short')).toBe('…(redacted)');
    expect(maskSecret(undefined)).toBe('(none)');
  });
});

describe('resolveTarget precedence: flags > env > config file', () => {
  const config: ConfigFile = {
    version: 1,
    current: 'prod',
    profiles: {
      prod: { kind: 'wikijs', url: 'https://prod.test', token: 'prod-token' },
      staging: { kind: 'wikijs', url: 'https://staging.test', token: 'staging-token' },
      mw: { kind: 'mediawiki', url: 'https://mw.test/w/api.php', username: 'Bot@x', password: 'mw-pass' },
    },
  };
  const base = { cwd: '/', config };

  it('uses the current profile by default', async () => {
    expect(await resolveTarget({ ...base, flags: {}, env: {} })).toMatchObject({ url: 'https://prod.test', token: 'prod-token', profile: 'prod' });
  });
  it('WIKIKIT_PROFILE beats the current profile, --profile beats WIKIKIT_PROFILE', async () => {
    expect(await resolveTarget({ ...base, flags: {}, env: { WIKIKIT_PROFILE: 'staging' } })).toMatchObject({ url: 'https://staging.test' });
    expect(await resolveTarget({ ...base, flags: { profile: 'prod' }, env: { WIKIKIT_PROFILE: 'staging' } })).toMatchObject({ url: 'https://prod.test' });
  });
  it('WIKIKIT_TOKEN beats the stored token; WIKIKIT_URL beats profiles; --url beats WIKIKIT_URL', async () => {
    expect(await resolveTarget({ ...base, flags: {}, env: { WIKIKIT_TOKEN: 'env-token' } })).toMatchObject({ url: 'https://prod.test', token: 'env-token' });
    expect(await resolveTarget({ ...base, flags: {}, env: { WIKIKIT_URL: 'https://other.test', WIKIKIT_TOKEN: 't' } })).toMatchObject({ url: 'https://other.test', token: 't' });
    expect(await resolveTarget({ ...base, flags: { url: 'https://flag.test' }, env: { WIKIKIT_URL: 'https://other.test' } })).toMatchObject({ url: 'https://flag.test' });
  });
  it('a URL matching a stored profile borrows its credentials', async () => {
    expect(await resolveTarget({ ...base, flags: { url: 'https://staging.test/' }, env: {} })).toMatchObject({ token: 'staging-token', profile: 'staging' });
  });
  it('api.php URLs are MediaWiki with username/password from env or profile', async () => {
    expect(await resolveTarget({ ...base, flags: { profile: 'mw' }, env: {} })).toMatchObject({ kind: 'mediawiki', username: 'Bot@x', password: 'mw-pass' });
    expect(await resolveTarget({ ...base, flags: {}, env: { WIKIKIT_URL: 'http://x.test/api.php', WIKIKIT_USERNAME: 'U@b', WIKIKIT_PASSWORD: 'p' } })).toMatchObject({ kind: 'mediawiki', username: 'U@b', password: 'p' });
  });
  it('an unknown profile or no configuration at all is a UsageError', async () => {
    await expect(resolveTarget({ ...base, flags: { profile: 'nope' }, env: {} })).rejects.toThrow(/no profile "nope"/);
    await expect(resolveTarget({ cwd: '/', config: EMPTY_CONFIG, flags: {}, env: {} })).rejects.toThrow(/no wiki configured/);
  });
  it('credentials in the URL are refused', async () => {
    await expect(resolveTarget({ ...base, flags: { url: 'https://user:pw@x.test' }, env: {} })).rejects.toThrow(/not in the URL/);
  });
});
