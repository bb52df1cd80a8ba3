import { ExecutionContext, Injectable } from '@nestjs/common';
import { ThrottlerGuard, ThrottlerLimitDetail } from '@nestjs/throttler';
import { tooManyRequests } from '@reimbursements/platform/rate-limit/too-many-requests';

/**
 * @nestjs/throttler's guard with our answer: RateLimit-Limit/-Remaining/-Reset on every counted
 * answer (the names auth-api's login throttle uses), and a 429 problem with Retry-After. Who is
 * counted, against which budget, is configured in ApiAccessModule (the principal, else the address).
 */
@Injectable()
export class PrincipalThrottlerGuard extends ThrottlerGuard {
  protected override headerPrefix = 'RateLimit';

  protected override async throwThrottlingException(_context: ExecutionContext, detail: ThrottlerLimitDetail): Promise<void> {
    throw tooManyRequests(detail.limit, detail.timeToBlockExpire);
  }
}
