import { toInt } from '@reimbursements/platform/config/shared-settings';
import { applyDecorators } from '@nestjs/common';
import { Transform } from 'class-transformer';
import { IsInt, Matches, Max, Min } from 'class-validator';
import { Role } from './roles';

const MAX_LIMIT = 10_000_000;

/** Requests per window: a whole number from 1 to MAX_LIMIT. */
function RequestLimit(): PropertyDecorator {
  return applyDecorators(IsInt(), Min(1), Max(MAX_LIMIT), Transform(toInt));
}

/**
 * Requests per window a principal may send to one app (every instance together: the counters are
 * in Redis), by role; a principal with several roles gets the most generous. Requests without a
 * valid token count against their client address.
 */
export class RateLimitSettings {
  @IsInt()
  @Min(1)
  @Max(3600)
  @Transform(toInt)
  RATE_LIMIT_WINDOW_SECONDS = 60;

  /** Per client address, for requests without a valid token (they are answered 401 until then). */
  @RequestLimit()
  RATE_LIMIT_ANONYMOUS = 120;

  /** Care-giver systems: bursts of thousands of events a second, batched or not. */
  @RequestLimit()
  RATE_LIMIT_INGEST = 60_000;

  @RequestLimit()
  RATE_LIMIT_ACCOUNTANT = 3000;

  @RequestLimit()
  RATE_LIMIT_MANAGER = 1200;

  @RequestLimit()
  RATE_LIMIT_ADMIN = 6000;

  /** Prefix of the counters in the app's Redis, shared by its instances. */
  @Matches(/^[A-Za-z0-9:._-]{0,64}$/, { message: 'must be at most 64 characters of [A-Za-z0-9:._-]' })
  RATE_LIMIT_KEY_PREFIX = 'rate-limit:';

  /** Reverse proxies whose X-Forwarded-For names the client address (the limit of unauthenticated callers). */
  @IsInt()
  @Min(0)
  @Max(10)
  @Transform(toInt)
  TRUST_PROXY_HOPS = 0;

  /** The budget of a principal holding `roles`: its most generous role's; none: an anonymous caller's. */
  limitFor(roles: readonly Role[] | undefined): number {
    const byRole: Record<Role, number> = {
      ingest: this.RATE_LIMIT_INGEST,
      accountant: this.RATE_LIMIT_ACCOUNTANT,
      manager: this.RATE_LIMIT_MANAGER,
      admin: this.RATE_LIMIT_ADMIN,
    };
    return Math.max(0, ...(roles ?? []).map((role) => byRole[role])) || this.RATE_LIMIT_ANONYMOUS;
  }
}
