import { Request } from 'express';
import { Principal } from './principal';
import { DeferredRateLimitCharge } from './rate-limit-charge';

/** A request that passed the bearer guard. */
export interface AuthenticatedRequest extends Request {
  principal: Principal;
  /** On @CountedAtClaim routes: the rate-limit count the guard left to the request's eventId claim. */
  rateLimitCharge?: DeferredRateLimitCharge;
}
