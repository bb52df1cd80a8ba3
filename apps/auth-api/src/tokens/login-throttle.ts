import { createHash } from 'node:crypto';
import Redis from 'ioredis';

export interface ThrottleLimits {
  /** Failed attempts per account (username or client id) within the window. */
  perAccount: number;
  /** Failed attempts per client address within the window. */
  perAddress: number;
  windowSeconds: number;
}

export type ThrottleVerdict = { allowed: true } | { allowed: false; retryAfterSeconds: number; limit: number };

/**
 * Counts an attempt against both keys unless one of them is spent; a spent key answers with its
 * remaining time. Counting before the credentials are checked bounds concurrent guessing too.
 */
const RESERVE = `
for i = 1, 2 do
  local count = tonumber(redis.call('GET', KEYS[i]) or '0')
  if count >= tonumber(ARGV[i]) then
    local ttl = redis.call('TTL', KEYS[i])
    if ttl < 1 then
      ttl = tonumber(ARGV[3])
      redis.call('EXPIRE', KEYS[i], ttl)
    end
    return {i, ttl}
  end
end
for i = 1, 2 do
  if redis.call('INCR', KEYS[i]) == 1 then redis.call('EXPIRE', KEYS[i], ARGV[3]) end
end
return {0, 0}
`;

/** A success clears the account's failures and gives back the address's count for this attempt. */
const RELEASE = `
redis.call('DEL', KEYS[1])
if tonumber(redis.call('GET', KEYS[2]) or '0') > 0 then redis.call('DECR', KEYS[2]) end
return 0
`;

/**
 * Throttles failed logins per account and per client address with counters in Redis, so every
 * auth-api instance sees the same counts. Keys name a hash of the account, never the account
 * itself: the answer is the same whether the account exists.
 */
export class LoginThrottle {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: ThrottleLimits,
  ) {}

  async reserve(account: string, address: string): Promise<ThrottleVerdict> {
    const [which, ttl] = (await this.redis.eval(
      RESERVE,
      2,
      ...this.keys(account, address),
      this.limits.perAccount,
      this.limits.perAddress,
      this.limits.windowSeconds,
    )) as [number, number];
    if (which === 0) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, ttl), limit: which === 1 ? this.limits.perAccount : this.limits.perAddress };
  }

  async succeeded(account: string, address: string): Promise<void> {
    await this.redis.eval(RELEASE, 2, ...this.keys(account, address));
  }

  private keys(account: string, address: string): [string, string] {
    return [`${this.prefix}login-failures:account:${digest(account)}`, `${this.prefix}login-failures:address:${digest(address)}`];
  }
}

function digest(value: string): string {
  return createHash('sha256').update(value).digest('base64url').slice(0, 32);
}
