import { CanActivate, ExecutionContext, Injectable, Logger } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { AccessTokenVerifier, InvalidAccessTokenError, SigningKeysUnavailableError, VerifiedAccessToken } from './access-token-verifier';
import { forbidden, unauthorized, verificationUnavailable } from './auth-problems';
import { AuthenticatedRequest } from './authenticated-request';
import { bearerTokenOf } from './bearer-token';
import { hasAnyRole, Principal } from './principal';
import { DirectoryUnavailableError, PrincipalDirectory, PrincipalScope } from './principal-directory';
import { REQUIRED_ROLES, RequiredRoles } from './required-roles';

/**
 * Lets a request through when it carries a valid access token of an active principal holding one
 * of the roles its handler names with @Roles; sets `request.principal`. 401 otherwise, 403 for a
 * missing role, 503 when the keys or the directory cannot be reached. Applied by @Roles, or as
 * part of ApiAccessGuard for every route of an app.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  private readonly logger = new Logger('BearerAuth');

  constructor(
    private readonly verifier: AccessTokenVerifier,
    private readonly directory: PrincipalDirectory,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const request = context.switchToHttp().getRequest<AuthenticatedRequest>();
    this.authorize(context, await this.authenticate(request));
    return true;
  }

  /**
   * Establishes the request's principal from its bearer token and the directory (once per
   * request: a later call answers the same principal); 401 or 503 when it cannot.
   */
  async authenticate(request: AuthenticatedRequest): Promise<Principal> {
    if (request.principal !== undefined) return request.principal;
    const token = bearerTokenOf(request.headers.authorization);
    if (token === undefined) throw unauthorized(request.headers.authorization !== undefined);
    const verified = await this.verify(token);
    const scope = await this.scopeOf(verified.subject, token);
    request.principal = { subject: verified.subject, kind: verified.kind, roles: verified.roles, caregiverIds: scope.caregiverIds };
    return request.principal;
  }

  /** 403 unless the principal holds a role the handler names with @Roles (`unnamed` when it names none). */
  authorize(context: ExecutionContext, principal: Principal, unnamed: RequiredRoles = []): void {
    const required = this.reflector.getAllAndOverride<RequiredRoles | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]) ?? unnamed;
    if (required.length > 0 && !hasAnyRole(principal, required)) throw forbidden();
  }

  private async verify(token: string): Promise<VerifiedAccessToken> {
    try {
      return await this.verifier.verify(token);
    } catch (error) {
      if (error instanceof SigningKeysUnavailableError) {
        this.logger.warn({ reason: reasonOf(error.cause) }, 'signing keys unavailable');
        throw verificationUnavailable();
      }
      if (error instanceof InvalidAccessTokenError) this.logger.debug({ reason: error.reason }, 'token refused');
      throw unauthorized(true);
    }
  }

  private async scopeOf(subject: string, token: string): Promise<PrincipalScope> {
    let scope: PrincipalScope | null;
    try {
      scope = await this.directory.lookup(subject, token);
    } catch (error) {
      if (!(error instanceof DirectoryUnavailableError)) throw error;
      this.logger.warn({ reason: reasonOf(error.cause) }, 'principal directory unavailable');
      throw verificationUnavailable();
    }
    if (scope === null) {
      this.logger.debug({ subject }, 'principal not active');
      throw unauthorized(true);
    }
    return scope;
  }
}

function reasonOf(cause: unknown): string {
  return cause instanceof Error ? cause.message : 'unknown';
}
