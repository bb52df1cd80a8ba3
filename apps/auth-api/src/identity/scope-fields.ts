import { CAREGIVER_ID_PATTERN } from '@reimbursements/domain/events/caregiver-id';
import { Role, ROLES } from '@reimbursements/auth/roles';
import { applyDecorators } from '@nestjs/common';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsOmittable } from '@reimbursements/platform/http/is-omittable';
import { ArrayMaxSize, ArrayMinSize, ArrayUnique, IsArray, IsIn, Matches } from 'class-validator';

export const MAX_CAREGIVER_IDS = 10_000;

/** The `roles` of a user or client: one or more of the four, each once. */
export function RolesField() {
  return applyDecorators(
    ApiProperty({ type: [String], enum: ROLES, example: ['accountant'], minItems: 1, uniqueItems: true }),
    IsArray(),
    ArrayMinSize(1),
    ArrayUnique(undefined, { message: 'must not name a role twice' }),
    IsIn(ROLES, { each: true, message: `each must be one of ${ROLES.join(', ')}` }),
  );
}

/** The optional caregiver scope: required for managers, refused for admins (see role-assignment). */
export function CaregiverIdsField() {
  return applyDecorators(
    ApiPropertyOptional({
      type: 'string',
      isArray: true,
      pattern: CAREGIVER_ID_PATTERN.source,
      minItems: 1,
      maxItems: MAX_CAREGIVER_IDS,
      uniqueItems: true,
      example: ['4', '5'],
      description: 'The caregivers this principal may act for (1-64 chars of [A-Za-z0-9._:-] each). Absent: every caregiver.',
    }),
    IsOmittable(),
    IsArray(),
    ArrayMinSize(1),
    ArrayMaxSize(MAX_CAREGIVER_IDS),
    ArrayUnique(undefined, { message: 'must not name a caregiver twice' }),
    Matches(CAREGIVER_ID_PATTERN, { each: true, message: 'each must be 1-64 characters of [A-Za-z0-9._:-]' }),
  );
}

export type RoleList = Role[];
