import { RecordEnvelope } from '../records/record-envelope';

/** Which topic a record belongs on; the adapter maps streams to its configured topic names (control: ops commands such as skips). */
export type Stream = 'log' | 'catalog' | 'control';

export interface OutgoingRecord {
  stream: Stream;
  /** Records with the same key are totally ordered (the caregiverId on the log). */
  key: string;
  record: RecordEnvelope;
}

export interface AppendedRecord {
  topic: string;
  partition: number;
  offset: number;
}

/** Appends records durably: resolves only once every in-sync replica has them. */
export abstract class EventLog {
  abstract append(records: OutgoingRecord[]): Promise<AppendedRecord[]>;
}
