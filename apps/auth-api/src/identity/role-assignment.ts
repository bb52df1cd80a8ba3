import { FieldError } from '@reimbursements/domain/validation/field-error';
import { Role } from '@reimbursements/auth/roles';

/**
 * The rules tying roles to a caregiver scope: a manager sees only its caregivers, so it needs
 * some; an admin may do everything, so a scope would be meaningless (and misleading) on it.
 */
export function roleAssignmentErrors(roles: readonly Role[], caregiverIds: readonly string[] | undefined): FieldError[] {
  const errors: FieldError[] = [];
  if (roles.includes('manager') && caregiverIds === undefined) {
    errors.push({ field: 'caregiverIds', message: 'is required for the manager role' });
  }
  if (roles.includes('admin') && caregiverIds !== undefined) {
    errors.push({ field: 'caregiverIds', message: 'must be absent for the admin role, which covers every caregiver' });
  }
  return errors;
}
