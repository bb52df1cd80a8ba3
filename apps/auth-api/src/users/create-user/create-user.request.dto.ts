import { IsFreeText } from '@reimbursements/platform/validation/is-free-text.decorator';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsString, Matches } from 'class-validator';
import { CaregiverIdsField, RoleList, RolesField } from '../../identity/scope-fields';
import { normalizeUsername, USERNAME_PATTERN } from '../../identity/username';

export class CreateUserRequest {
  @ApiProperty({ example: 'alice', description: '3-64 characters of [a-z0-9._@-]; case-insensitive (kept in lower case)' })
  @Transform(({ value }) => (typeof value === 'string' ? normalizeUsername(value) : value))
  @IsString()
  @IsFreeText()
  @Matches(USERNAME_PATTERN, { message: 'must be 3-64 characters of [a-z0-9._@-], starting with a letter or digit' })
  username!: string;

  @ApiProperty({ format: 'password', description: 'At least 12 characters (configurable), not containing the username' })
  @IsString()
  password!: string;

  @RolesField()
  roles!: RoleList;

  @CaregiverIdsField()
  caregiverIds?: string[];
}
