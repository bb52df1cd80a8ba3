import { createHash } from 'node:crypto';
import { normalizeIp } from '@nestjs/throttler';
import { Principal } from './principal';

/** Keys remembered: a principal sends many requests, and hashing is a visible share of a request's CPU. */
const REMEMBERED_KEYS = 10_000;
const keys = new Map<string, string>();

/** Who a request is counted as: its principal once authenticated, else its client address (IPv6 by /64). */
export function rateLimitTracker(request: { principal?: Principal; ip?: string }): string {
  return request.principal ? `principal:${request.principal.subject}` : `address:${normalizeIp(request.ip ?? 'unknown', 64)}`;
}

/** The Redis key of a tracker's counter in one app: hashed, so no username or address is stored in the clear. */
export function rateLimitKey(prefix: string, app: string, tracker: string): string {
  const name = `${prefix}${app}:${tracker}`;
  let key = keys.get(name);
  if (key === undefined) {
    key = `${prefix}${app}:${createHash('sha256').update(tracker).digest('base64url').slice(0, 32)}`;
    if (keys.size >= REMEMBERED_KEYS) keys.delete(keys.keys().next().value as string);
    keys.set(name, key);
  }
  return key;
}
