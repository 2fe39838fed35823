import { describe, expect, it } from 'vitest';
import { NetworkError, WikiApiError } from '../../src/errors.js';
import { createTransport } from '../../src/transport/index.js';
import { redactHeaders, redactUrl, redactVariables, scrubSecrets, summarizeRequest, REDACTED } from '../../src/transport/redact.js';

const SECRET = 'planted-secret-7f3a9c';

describe('redaction', () => {
  it('redacts sensitive headers', () => {
    expect(redactHeaders({ Authorization: `Bearer ${SECRET}`, Cookie: `s=${SECRET}`, 'content-type': 'x' })).toEqual({
      Authorization: REDACTED,
      Cookie: REDACTED,
      'content-type': 'x',
    });
  });

  it('redacts URL parameters and userinfo', () => {
    const url = redactUrl(`https://user:${SECRET}@wiki.example/api.php?action=login&lgpassword=${SECRET}&token=${SECRET}&title=A`);
    expect(url).not.toContain(SECRET);
    expect(url).toContain('title=A');
    expect(url).toContain(`lgpassword=${REDACTED}`);
  });

  it('redacts nested variables by name and cuts long values', () => {
    const out = redactVariables({ username: 'a', password: SECRET, input: { apiKey: SECRET, csrftoken: SECRET, content: 'x'.repeat(5000) } });
    expect(JSON.stringify(out)).not.toContain(SECRET);
    expect(JSON.stringify(out).length).toBeLessThan(600);
  });

  it('scrubs known secret values from free text', () => {
    expect(scrubSecrets(`server said: bad key ${SECRET}`, [SECRET])).toBe(`server said: bad key ${REDACTED}`);
  });

  it('an error built from a summary never shows the secret in message, toJSON or String()', () => {
    const request = summarizeRequest({ method: 'POST', url: `https://w.example/graphql?token=${SECRET}`, operation: 'authentication.login', variables: { password: SECRET } });
    const error = new WikiApiError('Wiki.js authentication.login failed: AuthLoginFailed (1002)', { wiki: 'wikijs-v2', code: 1002, request });
    for (const text of [error.message, JSON.stringify(error.toJSON()), String(error), JSON.stringify(error)]) expect(text).not.toContain(SECRET);
  });

  it('a network error from the transport carries no secret from headers or URL', async () => {
    const transport = createTransport({ retry: false }, { headers: () => ({ authorization: `Bearer ${SECRET}` }), secrets: () => [SECRET] });
    const error = await transport
      .send({ method: 'POST', url: `http://127.0.0.1:1/api.php?lgpassword=${SECRET}`, operation: { name: 'action=login', kind: 'write', idempotent: false }, summaryVariables: { lgpassword: SECRET } })
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    const all = [(error as NetworkError).message, JSON.stringify((error as NetworkError).toJSON())].join('\n');
    expect(all).not.toContain(SECRET);
    expect(all).toContain('action=login');
    await transport.close();
  });
});
