import { ApiProperty } from '@nestjs/swagger';

class TypeTotalsDto {
  @ApiProperty() eventType!: string;
  @ApiProperty() count!: number;
  @ApiProperty() totalCents!: number;
}

class ReportTotalsDto {
  @ApiProperty() eventCount!: number;
  @ApiProperty() totalCents!: number;
  @ApiProperty() pendingCents!: number;
  @ApiProperty() reimbursedCents!: number;
}

class MonthTotalsDto extends ReportTotalsDto {
  @ApiProperty({ example: '2026-03' }) month!: string;
}

class ReportRowDto extends ReportTotalsDto {
  @ApiProperty() caregiverId!: string;
  @ApiProperty({ example: '2026-03' }) month!: string;
  @ApiProperty({ type: [TypeTotalsDto] }) byType!: TypeTotalsDto[];
}

export class MonthlyReportResponse {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty({ example: 'SEK' }) currency!: string;
  @ApiProperty({ example: 'Europe/Stockholm' }) timeZone!: string;
  @ApiProperty() generatedAt!: string;
  @ApiProperty({ description: 'Opaque: how far the read models were when this was computed' }) position!: string;
  @ApiProperty({ type: [ReportRowDto] }) rows!: ReportRowDto[];
  @ApiProperty({ type: ReportTotalsDto, description: 'Over the whole result, not the page' }) totals!: ReportTotalsDto;
  @ApiProperty({
    type: [MonthTotalsDto],
    description: 'The whole result summed per month over every caregiver (not the page), ordered by month; months with no events are absent',
  })
  totalsByMonth!: MonthTotalsDto[];
  @ApiProperty({ nullable: true, type: String }) nextCursor!: string | null;
}
