import { AppendedRecord, EventLog, OutgoingRecord } from '@reimbursements/domain/ports/event-log.port';

/** Unit tests' stand-in for Kafka: keeps what was appended, or fails the next append when told to. */
export class RecordingEventLog extends EventLog {
  readonly appended: OutgoingRecord[] = [];
  readonly appendCalls: OutgoingRecord[][] = [];
  private failure: Error | undefined;

  failNextAppend(error: Error): void {
    this.failure = error;
  }

  async append(records: OutgoingRecord[]): Promise<AppendedRecord[]> {
    this.appendCalls.push(records);
    const failure = this.failure;
    this.failure = undefined;
    if (failure) throw failure;
    return records.map((record) => {
      this.appended.push(record);
      return { topic: 'test.log', partition: 0, offset: this.appended.length - 1 };
    });
  }
}
