import { ThrottlerStorage } from '@nestjs/throttler';
import { Response } from 'express';
import { AuthenticatedRequest } from './authenticated-request';
import { DeferredRateLimitCharge } from './rate-limit-charge';
import { RateLimitSettings } from './rate-limit.settings';
import { rateLimitKey, rateLimitTracker } from './rate-limit-tracker';

/** Opens the deferred charges of an app's @CountedAtClaim routes, on the counters and budgets its guard uses for the others. */
export class RateLimitCharges {
  constructor(
    private readonly app: string,
    private readonly rateLimits: RateLimitSettings,
    private readonly counters: ThrottlerStorage,
  ) {}

  open(request: AuthenticatedRequest, response: Response): DeferredRateLimitCharge {
    return new DeferredRateLimitCharge(
      rateLimitKey(this.rateLimits.RATE_LIMIT_KEY_PREFIX, this.app, rateLimitTracker(request)),
      this.rateLimits.limitFor(request.principal.roles),
      this.rateLimits.RATE_LIMIT_WINDOW_SECONDS * 1000,
      response,
      this.counters,
    );
  }
}
