import { RecordSkip } from '../ops/record-skipped.record';
import { RecordSkips } from '../ports/record-skips.port';

/** The control topic's skips in memory, for the protocol's unit tests. */
export class InMemoryRecordSkips extends RecordSkips {
  readonly skips: (RecordSkip & { projection: string })[] = [];
  /** Times the skips were read: the fold reads them at a partition's start and before each retry of a refused record. */
  reads = 0;

  async skipsFor(projection: string, topic: string, partition: number): Promise<RecordSkip[]> {
    this.reads += 1;
    return this.skips.filter((s) => s.projection === projection && s.topic === topic && s.partition === partition);
  }
}
