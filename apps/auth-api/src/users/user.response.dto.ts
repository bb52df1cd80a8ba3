import { ApiProperty } from '@nestjs/swagger';

/** A user as answered: never the password or its hash. */
export class UserResponse {
  @ApiProperty({ example: 'alice' }) username!: string;
  @ApiProperty({ type: [String], example: ['accountant'] }) roles!: string[];
  @ApiProperty({ type: [String], nullable: true, description: 'null: every caregiver' }) caregiverIds!: string[] | null;
  @ApiProperty() createdAt!: string;
  @ApiProperty({ type: String, nullable: true }) disabledAt!: string | null;
}
