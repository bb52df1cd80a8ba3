import { FREE_TEXT_PATTERN, IsFreeText } from '@reimbursements/platform/validation/is-free-text.decorator';
import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString, MaxLength } from 'class-validator';
import { CaregiverIdsField, RoleList, RolesField } from '../../identity/scope-fields';

export class CreateClientRequest {
  @ApiProperty({ example: 'Clinic Norr intake system', minLength: 1, maxLength: 200, pattern: FREE_TEXT_PATTERN })
  @IsString()
  @IsNotEmpty()
  @MaxLength(200)
  @IsFreeText()
  name!: string;

  @RolesField()
  roles!: RoleList;

  @CaregiverIdsField()
  caregiverIds?: string[];
}
