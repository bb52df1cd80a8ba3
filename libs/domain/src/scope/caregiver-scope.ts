import { DomainError } from '../errors/domain-error';

/** The caregivers a sender may write and read for (looked up server-side); null: every caregiver. */
export type CaregiverScope = readonly string[] | null;

export function inScope(scope: CaregiverScope, caregiverId: string): boolean {
  return scope === null || scope.includes(caregiverId);
}

/** Refuses (403) a command or query naming a caregiver outside the sender's scope; `field` names where. */
export function requireInScope(scope: CaregiverScope, caregiverId: string, field = 'caregiverId'): void {
  if (!inScope(scope, caregiverId)) throw foreignCaregiver([field]);
}

export function foreignCaregiver(fields: string[]): DomainError {
  return new DomainError(
    'SCOPE.FOREIGN_CAREGIVER',
    'You may not act for a caregiver outside your scope.',
    fields.map((field) => ({ field, message: 'not a caregiver you may act for' })),
  );
}
