import { IsFreeText } from '@reimbursements/platform/validation/is-free-text.decorator';
import { ApiProperty } from '@nestjs/swagger';
import { PASSWORD_MAX_LENGTH } from '../../identity/password-policy';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { CaregiverIdsField, RoleList, RolesField } from '../../identity/scope-fields';
import { normalizeUsername, USERNAME_PATTERN } from '../../identity/username';

export class CreateUserRequest {
  @ApiProperty({ example: 'alice', pattern: USERNAME_PATTERN.source, description: '3-64 characters of [a-z0-9._@-]; case-insensitive (kept in lower case)' })
  @Transform(({ value }) => (typeof value === 'string' ? normalizeUsername(value) : value))
  @IsString()
  @IsFreeText()
  @Matches(USERNAME_PATTERN, { message: 'must be 3-64 characters of [a-z0-9._@-], starting with a letter or digit' })
  username!: string;

  @ApiProperty({
    format: 'password',
    minLength: 12,
    maxLength: PASSWORD_MAX_LENGTH,
    description: 'At least 12 characters (AUTH_PASSWORD_MIN_LENGTH), not containing the username; no control characters or lone surrogates, which a hash would read as another password',
  })
  @IsString()
  @IsFreeText()
  password!: string;

  @RolesField()
  roles!: RoleList;

  @CaregiverIdsField()
  caregiverIds?: string[];
}
