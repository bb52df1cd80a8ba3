import { ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { OPEN_ROUTE } from '@reimbursements/platform/http/open-route.decorator';
import { ProblemException } from '@reimbursements/platform/http/problem';
import { tooManyRequests } from '@reimbursements/platform/rate-limit/too-many-requests';
import { ApiAccessGuard } from './api-access.guard';
import { forbidden, unauthorized } from './auth-problems';
import { AuthenticatedRequest } from './authenticated-request';
import { BearerAuthGuard } from './bearer-auth.guard';
import { COUNTED_AT_CLAIM } from './counted-at-claim.decorator';
import { Principal } from './principal';
import { PrincipalThrottlerGuard } from './principal-throttler.guard';
import { RateLimitCharges } from './rate-limit-charges';
import { RateLimitSettings } from './rate-limit.settings';
import { REQUIRED_ROLES } from './required-roles';
import { Role } from './roles';

const ANNA: Principal = { subject: 'user:anna', kind: 'user', roles: ['accountant'], caregiverIds: null };

function contextFor(metadata: { open?: boolean; roles?: Role[]; countedAtClaim?: boolean }): { context: ExecutionContext; request: Partial<AuthenticatedRequest> } {
  const handler = () => undefined;
  if (metadata.open) Reflect.defineMetadata(OPEN_ROUTE, true, handler);
  if (metadata.countedAtClaim) Reflect.defineMetadata(COUNTED_AT_CLAIM, true, handler);
  if (metadata.roles) Reflect.defineMetadata(REQUIRED_ROLES, metadata.roles, handler);
  const request: Partial<AuthenticatedRequest> = { headers: {} };
  const context = {
    switchToHttp: () => ({ getRequest: () => request, getResponse: () => ({ setHeader: () => undefined }) }),
    getHandler: () => handler,
    getClass: () => class {},
  } as unknown as ExecutionContext;
  return { context, request };
}

describe('ApiAccessGuard', () => {
  let steps: string[];
  let authenticated: Principal | ProblemException;
  let spent: boolean;

  const guard = () => {
    const reflector = new Reflector();
    const bearer = {
      authenticate: async (request: AuthenticatedRequest) => {
        steps.push('authenticate');
        if (authenticated instanceof ProblemException) throw authenticated;
        request.principal = authenticated;
        return authenticated;
      },
      authorize: (context: ExecutionContext, principal: Principal, unnamed: Role[]) => {
        steps.push('authorize');
        const required = reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]) ?? unnamed;
        if (!required.some((role) => principal.roles.includes(role))) throw forbidden();
      },
    } as unknown as BearerAuthGuard;
    const throttler = {
      canActivate: async (context: ExecutionContext) => {
        const { principal } = context.switchToHttp().getRequest<Partial<AuthenticatedRequest>>();
        steps.push(principal ? `count ${principal.subject}` : 'count address');
        if (spent) throw tooManyRequests(10, 30);
        return true;
      },
    } as unknown as PrincipalThrottlerGuard;
    const counters = {
      increment: async () => {
        steps.push('count now');
        return { totalHits: 1, timeToExpire: 60, isBlocked: spent, timeToBlockExpire: spent ? 30 : 0 };
      },
    };
    return new ApiAccessGuard(bearer, throttler, reflector, new RateLimitCharges('test-api', new RateLimitSettings(), counters));
  };

  const statusOf = async (context: ExecutionContext) => {
    try {
      return (await guard().canActivate(context)) ? 200 : 0;
    } catch (error) {
      return (error as ProblemException).problem.status;
    }
  };

  beforeEach(() => {
    steps = [];
    authenticated = ANNA;
    spent = false;
  });

  it('lets open routes through without a token and without counting them', async () => {
    expect(await statusOf(contextFor({ open: true }).context)).toBe(200);
    expect(steps).toEqual([]);
  });

  it('authenticates, counts against the principal, then checks the role', async () => {
    expect(await statusOf(contextFor({ roles: ['accountant'] }).context)).toBe(200);
    expect(steps).toEqual(['authenticate', 'count user:anna', 'authorize']);
    steps = [];
    expect(await statusOf(contextFor({ roles: ['ingest'] }).context)).toBe(403);
    expect(steps).toEqual(['authenticate', 'count user:anna', 'authorize']);
  });

  it('counts a request without a valid token against its address, answering 429 once that is spent, else 401', async () => {
    authenticated = unauthorized(false);
    expect(await statusOf(contextFor({ roles: ['accountant'] }).context)).toBe(401);
    expect(steps).toEqual(['authenticate', 'count address']);
    spent = true;
    expect(await statusOf(contextFor({ roles: ['accountant'] }).context)).toBe(429);
  });

  it('refuses a spent principal before its role is looked at', async () => {
    spent = true;
    expect(await statusOf(contextFor({ roles: ['ingest'] }).context)).toBe(429);
    expect(steps).toEqual(['authenticate', 'count user:anna']);
  });

  it('keeps a route that names no role for admins (a forgotten @Roles fails closed)', async () => {
    expect(await statusOf(contextFor({}).context)).toBe(403);
    authenticated = { ...ANNA, roles: ['admin'] };
    expect(await statusOf(contextFor({}).context)).toBe(200);
  });

  it('leaves the count of a @CountedAtClaim route to its claim, on the principal\'s counter', async () => {
    const { context, request } = contextFor({ roles: ['accountant'], countedAtClaim: true });
    expect(await statusOf(context)).toBe(200);
    expect(steps).toEqual(['authenticate', 'authorize']);
    expect(request.rateLimitCharge).toMatchObject({ hitKey: expect.stringMatching(/^\{rate-limit:test-api:[\w-]{32}:default\}:hits$/), limit: 3000 });
  });

  it('counts a @CountedAtClaim request it refuses for its role, answering 429 once the principal is spent', async () => {
    expect(await statusOf(contextFor({ roles: ['ingest'], countedAtClaim: true }).context)).toBe(403);
    expect(steps).toEqual(['authenticate', 'authorize', 'count now']);
    spent = true;
    expect(await statusOf(contextFor({ roles: ['ingest'], countedAtClaim: true }).context)).toBe(429);
  });
});
