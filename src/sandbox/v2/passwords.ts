import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/** scrypt instead of Wiki.js's bcrypt: same contract (salted, slow), no native dependency. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await new Promise<Buffer>((resolve, reject) => {
    scrypt(password, salt, 32, (err, k) => (err ? reject(err) : resolve(k)));
  });
  return `scrypt$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [kind, saltB64, keyB64] = stored.split('$');
  if (kind !== 'scrypt' || saltB64 === undefined || keyB64 === undefined) return false;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await new Promise<Buffer>((resolve, reject) => {
    scrypt(password, Buffer.from(saltB64, 'base64'), expected.length, (err, k) => (err ? reject(err) : resolve(k)));
  });
  return timingSafeEqual(key, expected);
}
