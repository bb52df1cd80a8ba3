import { Principal } from '@reimbursements/auth/principal';

/** Only an admin may register events older than the back-dating window (back-dated backfill). */
export function mayBackfill(principal: Pick<Principal, 'roles'>): boolean {
  return principal.roles.includes('admin');
}
