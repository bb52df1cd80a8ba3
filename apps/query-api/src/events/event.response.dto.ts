import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class VoidRefusalDto {
  @ApiProperty({ enum: ['already-reimbursed', 'already-voided'] }) reason!: string;
  @ApiProperty({ description: 'When the refused void was recorded' }) at!: string;
}

export class EventResponse {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() caregiverId!: string;
  @ApiProperty() eventType!: string;
  @ApiProperty({ description: 'RFC 3339, as the sender gave it' }) occurredAt!: string;
  @ApiProperty({ description: 'YYYY-MM in the business time zone' }) month!: string;
  @ApiProperty() amountCents!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ enum: ['pending', 'reimbursed', 'voided'] }) status!: string;
  @ApiPropertyOptional({ format: 'uuid' }) reimbursementId?: string;
  @ApiPropertyOptional() voidReason?: string;
  @ApiPropertyOptional({ type: VoidRefusalDto }) voidRefusal?: VoidRefusalDto;
  @ApiProperty() recordedAt!: string;
  @ApiProperty() recordedBy!: string;
}
