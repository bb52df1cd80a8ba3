import { ApiProperty } from '@nestjs/swagger';

export class DefineEventTypeResponse {
  @ApiProperty() code!: string;
  @ApiProperty() name!: string;
  @ApiProperty() amountCents!: number;
  @ApiProperty() currency!: string;
  @ApiProperty({ description: 'Opaque; pass as minPosition to read your write' }) position!: string;
}
