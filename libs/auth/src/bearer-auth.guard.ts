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
 * missing role, 503 when the keys or the directory cannot be reached.
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
    const token = bearerTokenOf(request.headers.authorization);
    if (token === undefined) throw unauthorized(request.headers.authorization !== undefined);
    const verified = await this.verify(token);
    const scope = await this.scopeOf(verified.subject, token);
    const principal: Principal = { subject: verified.subject, kind: verified.kind, roles: verified.roles, caregiverIds: scope.caregiverIds };
    request.principal = principal;
    const required = this.reflector.getAllAndOverride<RequiredRoles | undefined>(REQUIRED_ROLES, [context.getHandler(), context.getClass()]) ?? [];
    if (required.length > 0 && !hasAnyRole(principal, required)) throw forbidden();
    return true;
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
