import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** For the OpenAPI description only: the body is read by parseTokenRequest (form or JSON). */
export class TokenRequestBody {
  @ApiProperty({ enum: ['password', 'client_credentials'] }) grant_type!: string;
  @ApiPropertyOptional({ description: 'password grant' }) username?: string;
  @ApiPropertyOptional({ description: 'password grant', format: 'password' }) password?: string;
  @ApiPropertyOptional({ description: 'client_credentials grant (or HTTP Basic)' }) client_id?: string;
  @ApiPropertyOptional({ description: 'client_credentials grant (or HTTP Basic)', format: 'password' }) client_secret?: string;
  @ApiPropertyOptional({ description: 'Accepted and ignored: roles come from the account' }) scope?: string;
}
