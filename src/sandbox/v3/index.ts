import { listen } from '../listener.js';
import { createV3App, type V3AppOptions } from './app.js';

export { createV3App, V3_ADMIN_EMAIL, type V3AppOptions } from './app.js';
export { createV3Schema, isUuid, V3_SCHEMA_URL } from './schema.js';
export { NOT_FOUND_HTML } from './http.js';

export interface V3SandboxOptions extends V3AppOptions {
  port?: number;
  host?: string;
  dataDir?: string;
  token?: string;
}

export interface V3Sandbox {
  readonly url: string;
  readonly token: string;
  readonly adminEmail: string;
  readonly adminPassword: string;
  close(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/**
 * A v3 sandbox on its own listener, with an injectable clock (rate-limit tests). Production
 * callers use `startSandbox({ wikijsVersion: 3 })`, which runs the same {@link createV3App}.
 * @internal
 */
export async function startV3Sandbox(options: V3SandboxOptions = {}): Promise<V3Sandbox> {
  return listen({ ...options, port: options.port ?? 0 }, (init) => createV3App({ ...init, token: options.token, seed: undefined }, options));
}
