import { ApiProperty } from '@nestjs/swagger';

export class PrincipalStatusResponse {
  @ApiProperty({ example: 'user:alice' }) subject!: string;
  @ApiProperty({ enum: ['user', 'client'] }) kind!: string;
  @ApiProperty({ type: [String], example: ['manager'] }) roles!: string[];
  @ApiProperty({ type: [String], nullable: true, description: 'null: every caregiver' }) caregiverIds!: string[] | null;
  @ApiProperty({ description: 'false once the user is disabled or the client revoked' }) active!: boolean;
}
