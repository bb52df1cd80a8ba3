import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class RejectionDto {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty({
    enum: ['unknown', 'voided', 'already-reimbursed', 'other-caregiver'],
    description: 'A reader with a caregiver scope sees unknown for an event of a caregiver outside it, as for an id nobody registered',
  })
  reason!: string;
}

export class ReimbursementResponse {
  @ApiProperty({ format: 'uuid' }) reimbursementId!: string;
  @ApiProperty() caregiverId!: string;
  @ApiPropertyOptional({ description: 'Given for a reimbursement of a caregiver-month' }) month?: string;
  @ApiProperty({ enum: ['requested', 'completed', 'rejected'] }) status!: string;
  @ApiPropertyOptional({ enum: ['nothing-pending', 'events-rejected'] }) reason?: string;
  @ApiProperty({ type: [String], description: 'The events paid; for a rejected request by id, the events asked for' }) eventIds!: string[];
  @ApiProperty() amountCents!: number;
  @ApiProperty() currency!: string;
  @ApiPropertyOptional() reference?: string;
  @ApiProperty({ type: [RejectionDto] }) rejections!: RejectionDto[];
  @ApiProperty() requestedAt!: string;
  @ApiPropertyOptional() decidedAt?: string;
  @ApiProperty() requestedBy!: string;
}
