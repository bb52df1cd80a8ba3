import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isOpenRoute } from '@reimbursements/platform/http/open-route.decorator';
import { ProblemException } from '@reimbursements/platform/http/problem';
import { Response } from 'express';
import { AuthenticatedRequest } from './authenticated-request';
import { BearerAuthGuard } from './bearer-auth.guard';
import { isCountedAtClaim } from './counted-at-claim.decorator';
import { PrincipalThrottlerGuard } from './principal-throttler.guard';
import { RateLimitCharges } from './rate-limit-charges';

/**
 * The one global guard of an API: every route but the @OpenRoute ones needs a valid token (401),
 * is counted against its principal's rate limit (429), and needs a role its handler names with
 * @Roles (403; a route naming none is for admins only, so a forgotten @Roles fails closed).
 * A request without a valid token is counted against its client address before its 401. On a
 * @CountedAtClaim route an authenticated request's count is left to its eventId claim (one Redis
 * call for both), unless the guard refuses it here.
 */
@Injectable()
export class ApiAccessGuard implements CanActivate {
  constructor(
    private readonly bearer: BearerAuthGuard,
    private readonly throttler: PrincipalThrottlerGuard,
    private readonly reflector: Reflector,
    private readonly charges: RateLimitCharges,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isOpenRoute(this.reflector, context)) return true;
    const http = context.switchToHttp();
    const request = http.getRequest<AuthenticatedRequest>();
    try {
      await this.bearer.authenticate(request);
    } catch (error) {
      if (error instanceof ProblemException && error.problem.status === 401) await this.throttler.canActivate(context);
      throw error;
    }
    if (!isCountedAtClaim(this.reflector, context)) {
      await this.throttler.canActivate(context);
      this.bearer.authorize(context, request.principal, ['admin']);
      return true;
    }
    const charge = this.charges.open(request, http.getResponse<Response>());
    try {
      this.bearer.authorize(context, request.principal, ['admin']);
    } catch (error) {
      await charge.countNow();
      throw error;
    }
    request.rateLimitCharge = charge;
    return true;
  }
}
