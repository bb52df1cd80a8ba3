import { ApiProperty } from '@nestjs/swagger';

/** RFC 6749 §5.1. */
export class TokenResponse {
  @ApiProperty({ description: 'A JWT (RFC 9068) to send as Authorization: Bearer <token>' }) access_token!: string;
  @ApiProperty({ enum: ['Bearer'] }) token_type!: 'Bearer';
  @ApiProperty({ description: 'Seconds until the token expires', example: 900 }) expires_in!: number;
}
