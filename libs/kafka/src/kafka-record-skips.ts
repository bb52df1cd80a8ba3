import { DependencyUnavailableError } from '@reimbursements/domain/errors/dependency-unavailable.error';
import { readRecordSkipped, RecordSkip, skipOf } from '@reimbursements/domain/ops/record-skipped.record';
import { RecordSkips } from '@reimbursements/domain/ports/record-skips.port';
import { randomUUID } from 'node:crypto';
import { Admin, Consumer, Kafka } from 'kafkajs';

/**
 * The control topic's skips in memory. Each instance reads the whole topic from the start under a
 * group of its own and never commits (like the catalog feed): skips are few, and every instance,
 * replay and rebuild must know all of them before it folds.
 */
export class KafkaRecordSkips extends RecordSkips {
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  private readonly skips: (RecordSkip & { projection: string })[] = [];
  /** Per partition of the control topic, the offset of the last record read. */
  private readonly read = new Map<number, number>();
  private running = false;

  constructor(
    kafka: Kafka,
    private readonly controlTopic: string,
    groupPrefix: string,
    private readonly catchUpTimeoutMs: number,
  ) {
    super();
    this.consumer = kafka.consumer({ groupId: `${groupPrefix}-control-${randomUUID()}`, sessionTimeout: 10000, heartbeatInterval: 1000, allowAutoTopicCreation: false });
    this.admin = kafka.admin();
  }

  isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.admin.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.controlTopic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const record = message.value ? parse(message.value.toString('utf8')) : undefined;
        if (record) this.skips.push({ ...skipOf(record), projection: record.payload.projection });
        this.read.set(partition, Number(message.offset));
      },
    });
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
    await this.admin.disconnect();
  }

  /** Waits until every control record appended before the call is read, then answers from memory. */
  async skipsFor(projection: string, topic: string, partition: number): Promise<RecordSkip[]> {
    if (!this.running) throw new DependencyUnavailableError('log');
    const deadline = Date.now() + this.catchUpTimeoutMs;
    try {
      const ends = await this.admin.fetchTopicOffsets(this.controlTopic);
      while (ends.some((end) => (this.read.get(end.partition) ?? -1) < Number(end.high) - 1)) {
        if (Date.now() > deadline) throw new DependencyUnavailableError('log');
        await new Promise((resolve) => setTimeout(resolve, 10));
      }
    } catch (error) {
      throw error instanceof DependencyUnavailableError ? error : new DependencyUnavailableError('log', 5, error);
    }
    return this.skips
      .filter((s) => s.projection === projection && s.topic === topic && s.partition === partition)
      .map(({ projection: _projection, ...skip }) => skip);
  }
}

function parse(text: string) {
  try {
    return readRecordSkipped(JSON.parse(text));
  } catch {
    return undefined;
  }
}
