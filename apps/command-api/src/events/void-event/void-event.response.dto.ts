import { ApiProperty } from '@nestjs/swagger';

export class VoidEventResponse {
  @ApiProperty({ format: 'uuid' }) eventId!: string;
  @ApiProperty() caregiverId!: string;
  @ApiProperty({ description: 'Opaque; pass as minPosition to read your write' }) position!: string;
}
