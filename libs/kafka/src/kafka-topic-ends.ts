import { LogEnds } from '@reimbursements/domain/ports/log-ends.port';
import { Admin, Kafka } from 'kafkajs';

/** The last offset of each partition of a topic, from the broker (for the ops status and forged read-your-writes positions). */
export class KafkaTopicEnds extends LogEnds {
  private readonly admin: Admin;
  private connecting?: Promise<void>;

  constructor(kafka: Kafka) {
    super();
    this.admin = kafka.admin();
  }

  async lastOffsets(topic: string): Promise<Map<number, number>> {
    this.connecting ??= this.admin.connect().catch((error: unknown) => {
      this.connecting = undefined;
      throw error;
    });
    await this.connecting;
    const offsets = await this.admin.fetchTopicOffsets(topic);
    return new Map(offsets.map((o) => [o.partition, Number(o.high) - 1]));
  }

  async close(): Promise<void> {
    if (this.connecting) await this.admin.disconnect();
  }
}
