import { applyDecorators, SetMetadata, UseGuards } from '@nestjs/common';
import { ApiBearerAuth, ApiForbiddenResponse, ApiUnauthorizedResponse } from '@nestjs/swagger';
import { BearerAuthGuard } from './bearer-auth.guard';
import { REQUIRED_ROLES } from './required-roles';
import { Role } from './roles';

/**
 * Protects a controller or handler with the bearer guard: a valid token is needed, holding one of
 * `roles` (admin holds them all). `@Roles()` without roles admits any active principal.
 */
export function Roles(...roles: Role[]) {
  return applyDecorators(
    SetMetadata(REQUIRED_ROLES, roles),
    UseGuards(BearerAuthGuard),
    ApiBearerAuth(),
    ApiUnauthorizedResponse({ description: 'No access token, or one that is not valid (problem+json)' }),
    ApiForbiddenResponse({ description: `Valid token without the role: ${roles.length > 0 ? roles.join(' or ') : 'any'} (problem+json)` }),
  );
}
