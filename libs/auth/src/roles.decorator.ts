import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiExtension, ApiForbiddenResponse, ApiTooManyRequestsResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { BearerAuthGuard } from './bearer-auth.guard';
import { REQUIRED_ROLES } from './required-roles';
import { Role } from './roles';

/**
 * Protects a controller or handler with the bearer guard: a valid token is needed, holding one of
 * `roles` (admin holds them all). `@Roles()` without roles admits any active principal. The
 * OpenAPI document names the roles (`x-roles`) beside the 401, 403 and 429 answers.
 */
export function Roles(...roles: Role[]) {
  const allowed = roles.length > 0 ? roles.join(' or ') : 'any';
  return applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    UseGuards(BearerAuthGuard),
    ApiBearerAuth(),
    ApiExtension('x-roles', roles.length > 0 ? [...new Set<Role>([...roles, 'admin'])] : ['any']),
    ApiUnauthorizedResponse({ description: 'No access token, or one that is not valid (problem+json)' }),
    ApiForbiddenResponse({ description: `Valid token without the role: ${allowed} (problem+json)` }),
    ApiTooManyRequestsResponse({ description: 'Rate limit of the principal spent: problem+json with Retry-After and RateLimit-* headers' }),
  );
}
