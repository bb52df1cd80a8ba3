import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { isOpenRoute } from '@reimbursements/platform/http/open-route.decorator';
import { ProblemException } from '@reimbursements/platform/http/problem';
import { AuthenticatedRequest } from './authenticated-request';
import { BearerAuthGuard } from './bearer-auth.guard';
import { PrincipalThrottlerGuard } from './principal-throttler.guard';

/**
 * The one global guard of an API: every route but the @OpenRoute ones needs a valid token (401),
 * is counted against its principal's rate limit (429), and needs a role its handler names with
 * @Roles (403; a route naming none is for admins only, so a forgotten @Roles fails closed).
 * A request without a valid token is counted against its client address before its 401.
 */
@Injectable()
export class ApiAccessGuard implements CanActivate {
  constructor(
    private readonly bearer: BearerAuthGuard,
    private readonly throttler: PrincipalThrottlerGuard,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (isOpenRoute(this.reflector, context)) return true;
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    try {
      await this.bearer.authenticate(request);
    } catch (error) {
      if (error instanceof ProblemException && error.problem.status === 401) await this.throttler.canActivate(context);
      throw error;
    }
    await this.throttler.canActivate(context);
    this.bearer.authorize(context, request.principal, ['admin']);
    return true;
  }
}
