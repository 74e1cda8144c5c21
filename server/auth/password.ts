// Password hashing with node:crypto scrypt. Stored as `scrypt$N$r$p$salt$hash` (base64url), so
// the cost can be raised later without invalidating existing hashes.
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';
import { z } from 'zod';

export const PASSWORD_MIN = 8;
export const passwordSchema = z
  .string()
  .min(PASSWORD_MIN, `密码至少 ${PASSWORD_MIN} 位 / A password needs at least ${PASSWORD_MIN} characters`)
  .max(256, '密码最多 256 位 / A password can have at most 256 characters');

// N = 2^15, r = 8: 32 MiB and ~0.1 s per hash on a small server.
const COST = { N: 2 ** 15, r: 8, p: 1 };
const KEY_LENGTH = 32;

let derivations = 0;
/** scrypt derivations run so far in this process: every login answer but a refused batch runs one. */
export const derivationCount = () => derivations;

function derive(password: string, salt: Buffer, cost: typeof COST): Promise<Buffer> {
  derivations++;
  const options: ScryptOptions = { ...cost, maxmem: 256 * cost.N * cost.r + 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(password.normalize('NFC'), salt, KEY_LENGTH, options, (err, key) => (err ? reject(err) : resolve(key))),
  );
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, COST);
  return ['scrypt', COST.N, COST.r, COST.p, salt.toString('base64url'), key.toString('base64url')].join('$');
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$');
  const cost = { N: Number(n), r: Number(r), p: Number(p) };
  if (scheme !== 'scrypt' || !salt || !hash || !(cost.N >= 2 && cost.N <= 2 ** 20 && cost.r <= 32 && cost.p <= 16))
    throw new Error('Unrecognised password hash format');
  const expected = Buffer.from(hash, 'base64url');
  const key = await derive(password, Buffer.from(salt, 'base64url'), cost);
  return key.length === expected.length && timingSafeEqual(key, expected);
}

let dummy: Promise<string> | undefined;
/** Spend the time of a real check, so an unknown username answers as slowly as a wrong password. */
export async function verifyAgainstNothing(password: string): Promise<void> {
  dummy ??= hashPassword(randomBytes(16).toString('hex'));
  await verifyPassword(password, await dummy);
}
