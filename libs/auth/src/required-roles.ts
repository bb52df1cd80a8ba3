import { Role } from './roles';

/** Metadata key under which @Roles records what a handler needs; read by the bearer guard. */
export const REQUIRED_ROLES = 'auth:required-roles';

export type RequiredRoles = readonly Role[];
