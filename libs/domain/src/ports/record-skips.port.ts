import { RecordSkip } from '../ops/record-skipped.record';

/** The skips admins appended to the control topic, as the fold reads them before folding. */
export abstract class RecordSkips {
  /**
   * Every skip of `projection` (its name, any version) for the partition, appended before the call.
   * Throws when the control topic cannot be read: a fold never goes on without knowing its skips.
   */
  abstract skipsFor(projection: string, topic: string, partition: number): Promise<RecordSkip[]>;
}
