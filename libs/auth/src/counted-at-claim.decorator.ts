import { ExecutionContext, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { DeferredRateLimitCharge } from './rate-limit-charge';

/** Metadata key of routes whose rate-limit count rides on their eventId claim. */
export const COUNTED_AT_CLAIM = 'auth:counted-at-claim';

/**
 * Marks a route whose request is counted against its rate limit in the same Redis call as its
 * eventId claim, rather than by the guard in a call of its own: the guard leaves a
 * DeferredRateLimitCharge on the request, and the handler must run its work inside
 * `chargeOf(request).around(...)`, so a request that never claims is counted all the same.
 */
export const CountedAtClaim = () => SetMetadata(COUNTED_AT_CLAIM, true);

export function isCountedAtClaim(reflector: Reflector, context: ExecutionContext): boolean {
  return reflector.getAllAndOverride<boolean | undefined>(COUNTED_AT_CLAIM, [context.getHandler(), context.getClass()]) === true;
}

/** The charge the guard left on a @CountedAtClaim request. */
export function chargeOf(request: { rateLimitCharge?: DeferredRateLimitCharge }): DeferredRateLimitCharge {
  if (!request.rateLimitCharge) throw new Error('no rate-limit charge on this request: is its route marked @CountedAtClaim?');
  return request.rateLimitCharge;
}
