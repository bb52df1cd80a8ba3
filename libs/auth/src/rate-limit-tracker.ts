import { createHash } from 'node:crypto';
import { normalizeIp } from '@nestjs/throttler';
import { Principal } from './principal';

/** Who a request is counted as: its principal once authenticated, else its client address (IPv6 by /64). */
export function rateLimitTracker(request: { principal?: Principal; ip?: string }): string {
  return request.principal ? `principal:${request.principal.subject}` : `address:${normalizeIp(request.ip ?? 'unknown', 64)}`;
}

/** The Redis key of a tracker's counter in one app: hashed, so no username or address is stored in the clear. */
export function rateLimitKey(prefix: string, app: string, tracker: string): string {
  return `${prefix}${app}:${createHash('sha256').update(tracker).digest('base64url').slice(0, 32)}`;
}
