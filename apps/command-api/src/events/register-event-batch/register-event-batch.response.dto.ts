import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

class BatchItemResult {
  @ApiProperty() index!: number;
  @ApiPropertyOptional({ description: "The event's id (made by the server if not given); for a rejected item, the eventId as given" }) eventId?: string;
  @ApiProperty({ enum: ['accepted', 'rejected'] }) status!: 'accepted' | 'rejected';
  @ApiPropertyOptional({ description: 'RFC 9457 problem for a rejected item' }) problem?: object;
  @ApiPropertyOptional({ example: '2026-03' }) month?: string;
  @ApiPropertyOptional() amountCents?: number;
  @ApiPropertyOptional() currency?: string;
}

export class RegisterEventBatchResponse {
  @ApiProperty() accepted!: number;
  @ApiProperty() rejected!: number;
  @ApiProperty({ type: [BatchItemResult] }) results!: BatchItemResult[];
  @ApiPropertyOptional({ description: 'Opaque; covers every accepted item. Absent when none was accepted.' }) position?: string;
}
