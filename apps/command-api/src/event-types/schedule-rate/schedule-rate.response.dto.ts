import { ApiProperty } from '@nestjs/swagger';

export class ScheduleRateResponse {
  @ApiProperty() code!: string;
  @ApiProperty() amountCents!: number;
  @ApiProperty() effectiveFrom!: string;
  @ApiProperty({ description: 'Opaque; pass as minPosition to read your write' }) position!: string;
}
