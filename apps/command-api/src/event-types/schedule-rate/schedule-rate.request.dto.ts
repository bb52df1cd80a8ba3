import { ApiProperty } from '@nestjs/swagger';
import { IsInt, IsString, Matches, Max, Min } from 'class-validator';

export class ScheduleRateRequest {
  @ApiProperty({ type: 'integer', minimum: 0, maximum: 1_000_000_000, example: 55000, description: 'Integer minor units (öre for SEK)' })
  @IsInt()
  @Min(0)
  @Max(1_000_000_000)
  amountCents!: number;

  @ApiProperty({ example: '2027-01-01', format: 'date', pattern: '^\\d{4}-\\d{2}-\\d{2}$', description: 'From the start of this day in the business time zone' })
  @IsString()
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'must be a date as YYYY-MM-DD' })
  effectiveFrom!: string;
}
