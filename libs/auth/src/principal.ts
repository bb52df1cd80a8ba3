import { Role } from './roles';

export const PRINCIPAL_KINDS = ['user', 'client'] as const;

/** Staff sign in as users (password grant); care-giver systems as clients (client credentials). */
export type PrincipalKind = (typeof PRINCIPAL_KINDS)[number];

/** Who sent a request, as the bearer guard established it. */
export interface Principal {
  subject: string;
  kind: PrincipalKind;
  roles: readonly Role[];
  /**
   * The caregivers this principal may read and write for; null: every caregiver. Looked up
   * server-side (a scope may hold thousands of ids), never taken from the token.
   */
  caregiverIds: readonly string[] | null;
}

/** Whether the principal holds one of `roles`; an admin holds them all. */
export function hasAnyRole(principal: Pick<Principal, 'roles'>, roles: readonly Role[]): boolean {
  return principal.roles.includes('admin') || roles.some((role) => principal.roles.includes(role));
}

export function mayActFor(principal: Pick<Principal, 'caregiverIds'>, caregiverId: string): boolean {
  return principal.caregiverIds === null || principal.caregiverIds.includes(caregiverId);
}
