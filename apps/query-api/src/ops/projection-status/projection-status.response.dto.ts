import { ApiProperty } from '@nestjs/swagger';

class StuckRecordDto {
  @ApiProperty() offset!: number;
  @ApiProperty({ nullable: true, type: String }) recordId!: string | null;
  @ApiProperty({ nullable: true, type: String }) recordType!: string | null;
  @ApiProperty({ description: 'Why the fold or the store refuses it' }) reason!: string;
  @ApiProperty({ format: 'date-time' }) since!: string;
}

class PartitionStatusDto {
  @ApiProperty() topic!: string;
  @ApiProperty() partition!: number;
  @ApiProperty({ description: 'The last offset whose effects are all in the read models (-1: none)' }) appliedOffset!: number;
  @ApiProperty({ description: "The offset of the partition's last record" }) endOffset!: number;
  @ApiProperty({ description: 'Records not yet applied' }) lag!: number;
  @ApiProperty({ description: 'Age of the oldest record not yet applied' }) lagSeconds!: number;
  @ApiProperty({ type: StuckRecordDto, nullable: true }) stuck!: StuckRecordDto | null;
}

class SkippedRecordDto {
  @ApiProperty() topic!: string;
  @ApiProperty() partition!: number;
  @ApiProperty() offset!: number;
  @ApiProperty() reason!: string;
  @ApiProperty({ description: 'The admin who skipped it (user:<username> or client:<clientId>)' }) skippedBy!: string;
  @ApiProperty({ format: 'date-time' }) skippedAt!: string;
}

class ProjectionVersionDto {
  @ApiProperty({ example: 'v2' }) version!: string;
  @ApiProperty({ enum: ['live', 'building', 'retired'] }) state!: string;
  @ApiProperty({ description: 'The applied offsets as a position: the fromPosition of a replay of this version' }) position!: string;
  @ApiProperty({ type: [PartitionStatusDto] }) partitions!: PartitionStatusDto[];
  @ApiProperty() lag!: number;
  @ApiProperty() lagSeconds!: number;
  @ApiProperty() recordsPerSecond!: number;
  @ApiProperty({ nullable: true, type: Number, description: 'null while records wait and none are applied' }) etaSeconds!: number | null;
  @ApiProperty({ type: [SkippedRecordDto] }) skipped!: SkippedRecordDto[];
}

export class ProjectionStatusDto {
  @ApiProperty({ example: 'read-models' }) name!: string;
  @ApiProperty({ nullable: true, type: String, example: 'v2' }) activeVersion!: string | null;
  @ApiProperty({ type: [ProjectionVersionDto] }) versions!: ProjectionVersionDto[];
}
