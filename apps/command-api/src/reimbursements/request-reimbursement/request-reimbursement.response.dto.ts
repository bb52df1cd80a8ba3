import { ApiProperty } from '@nestjs/swagger';

export class RequestReimbursementResponse {
  @ApiProperty({ format: 'uuid' }) reimbursementId!: string;
  @ApiProperty({ description: 'Opaque; pass as minPosition to read the outcome' }) position!: string;
}
