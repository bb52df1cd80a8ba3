import { ApiProperty } from '@nestjs/swagger';

export class RegisterEventResponse {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() caregiverId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty() occurredAt!: string;
  @ApiProperty({ example: '2026-03', description: 'Calendar month in the business time zone' }) month!: string;
  @ApiProperty({ description: 'Integer minor units' }) amountCents!: number;
  @ApiProperty({ example: 'SEK' }) currency!: string;
  @ApiProperty({ description: 'Opaque; pass as minPosition to read your write' }) position!: string;
}
