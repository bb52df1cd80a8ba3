import { ApiProperty, ApiPropertyOptional, getSchemaPath } from '@nestjs/swagger';
import { PASSWORD_MAX_LENGTH } from '../../identity/password-policy';

// For the OpenAPI description only: the body is read by parseTokenRequest (form or JSON).
const CREDENTIAL = { minLength: 1, maxLength: PASSWORD_MAX_LENGTH };

export class PasswordGrantRequest {
  @ApiProperty({ enum: ['password'] }) grant_type!: string;
  @ApiProperty({ ...CREDENTIAL, example: 'alice' }) username!: string;
  @ApiProperty({ ...CREDENTIAL, format: 'password' }) password!: string;
  @ApiPropertyOptional({ description: 'Accepted and ignored: roles come from the account' }) scope?: string;
}

export class ClientCredentialsGrantRequest {
  @ApiProperty({ enum: ['client_credentials'] }) grant_type!: string;
  @ApiProperty({ ...CREDENTIAL, description: 'Or, with client_secret, as HTTP Basic instead (then in neither field)' }) client_id!: string;
  @ApiProperty({ ...CREDENTIAL, format: 'password' }) client_secret!: string;
  @ApiPropertyOptional({ description: 'Accepted and ignored: roles come from the account' }) scope?: string;
}

export const TOKEN_REQUEST_SCHEMA = {
  oneOf: [{ $ref: getSchemaPath(PasswordGrantRequest) }, { $ref: getSchemaPath(ClientCredentialsGrantRequest) }],
};
