/**
 * TLS verification is on by default and can be turned off explicitly (a test wiki with a
 * self-signed certificate). The key pair below is a throwaway test fixture, valid until 2125,
 * made only for this test (CN=localhost, SAN 127.0.0.1).
 */
import { createServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { NetworkError } from '../../src/errors.js';
import { createTransport } from '../../src/transport/index.js';

const KEY = `-----BEGIN PRIVATE KEY-----
MIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQgBMZviNVJ8QRN3QUz
pGIzRITmMzrMBZJ6kspWy77qRzOhRANCAAQaGRM4YH991vppBOvUwefs3DrdCkvI
hT9R9nMHR+cOA6CD8/kRlSbO1D7OKQujB8NC3bthzpdjsmUfMOtNHFKa
-----END PRIVATE KEY-----`;
const CERT = `-----BEGIN CERTIFICATE-----
MIIBmzCCAUGgAwIBAgIUQsuTIC3gz2FHb2MmVNDR05tkKmowCgYIKoZIzj0EAwIw
FDESMBAGA1UEAwwJbG9jYWxob3N0MCAXDTI2MTEyMzE2NTg1NloYDzIxMjYxMDMw
MTY1ODU2WjAUMRIwEAYDVQQDDAlsb2NhbGhvc3QwWTATBgcqhkjOPQIBBggqhkjO
PQMBBwNCAAQaGRM4YH991vppBOvUwefs3DrdCkvIhT9R9nMHR+cOA6CD8/kRlSbO
1D7OKQujB8NC3bthzpdjsmUfMOtNHFKao28wbTAdBgNVHQ4EFgQUKk7/en8WV+eq
arorlp32Uu1nD8kwHwYDVR0jBBgwFoAUKk7/en8WV+eqarorlp32Uu1nD8kwDwYD
VR0TAQH/BAUwAwEB/zAaBgNVHREEEzARhwR/AAABgglsb2NhbGhvc3QwCgYIKoZI
zj0EAwIDSAAwRQIhAKyMnJHvE+wLCsAcRuup6DOKpOukpdnf66XuMgqUq6MsAiBj
k7gngFcFJHkMzBj0d/05YtVFn6XjXBSfooapa9S8Qg==
-----END CERTIFICATE-----`;

const server = createServer({ key: KEY, cert: CERT }, (_req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end('{"ok":true}');
});
let url = '';

beforeAll(async () => {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `https://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

const operation = { name: 'probe', kind: 'read', idempotent: true } as const;

describe('TLS verification', () => {
  it('refuses a self-signed certificate by default', async () => {
    const transport = createTransport({ retry: false });
    const error = await transport.send({ method: 'POST', url, body: '{}', operation }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as Error).message).toMatch(/SELF_SIGNED|DEPTH_ZERO|certificate/i);
    await transport.close();
  });

  it('accepts it only with insecureSkipTlsVerify: true', async () => {
    const transport = createTransport({ retry: false, insecureSkipTlsVerify: true });
    const response = await transport.send({ method: 'POST', url, body: '{}', operation });
    expect(response.status).toBe(200);
    await transport.close();
  });
});
