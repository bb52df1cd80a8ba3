import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

/** The only answer that ever shows a client secret: store it now, it cannot be read again. */
export class ClientSecretResponse {
  @ApiProperty({ format: 'uuid' }) clientId!: string;
  @ApiProperty({ description: 'Shown once; only its hash is kept' }) clientSecret!: string;
  @ApiPropertyOptional({ description: 'After a rotation: until when the previous secret keeps working' })
  previousSecretExpiresAt?: string;
}
