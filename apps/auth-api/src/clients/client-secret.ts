import { randomBytes } from 'node:crypto';

/** 256 random bits: a client secret is never chosen by a person. */
export function newClientSecret(): string {
  return randomBytes(32).toString('base64url');
}
