import { EventTypeCatalog } from '@reimbursements/domain/catalog/event-type-catalog';
import { EVENT_TYPE_DEFINED } from '@reimbursements/domain/catalog/event-type-defined.record';
import { EVENT_TYPE_RATE_SCHEDULED } from '@reimbursements/domain/catalog/event-type-rate-scheduled.record';
import { DependencyUnavailableError } from '@reimbursements/domain/errors/dependency-unavailable.error';
import { AppendedRecord } from '@reimbursements/domain/ports/event-log.port';
import { CatalogFeed } from '@reimbursements/domain/ports/catalog-feed.port';
import { randomUUID } from 'node:crypto';
import { Admin, Consumer, Kafka } from 'kafkajs';
import { KafkaSettings } from './kafka-settings';
import { decodeRecord } from './record-codec';

/**
 * Folds the whole catalog topic into memory. Each instance reads it from the start under a group
 * of its own and never commits: the view is disposable and rebuilt at every start.
 */
export class KafkaCatalogFeed extends CatalogFeed {
  private readonly catalog = new EventTypeCatalog();
  private readonly consumer: Consumer;
  private readonly admin: Admin;
  /** Per partition, the offset of the last record folded. */
  private readonly folded = new Map<number, number>();
  private running = false;

  constructor(
    kafka: Kafka,
    private readonly settings: KafkaSettings,
    private readonly catchUpTimeoutMs: number,
  ) {
    super();
    this.consumer = kafka.consumer({
      groupId: `${settings.clientId}-catalog-${randomUUID()}`,
      sessionTimeout: 10000,
      heartbeatInterval: 1000,
      allowAutoTopicCreation: false,
    });
    this.admin = kafka.admin();
  }

  isRunning(): boolean {
    return this.running;
  }

  async start(): Promise<void> {
    await this.admin.connect();
    await this.consumer.connect();
    await this.consumer.subscribe({ topic: this.settings.catalogTopic, fromBeginning: true });
    await this.consumer.run({
      autoCommit: false,
      eachMessage: async ({ partition, message }) => {
        const record = decodeRecord(message.value);
        if (record?.type === EVENT_TYPE_DEFINED || record?.type === EVENT_TYPE_RATE_SCHEDULED) this.catalog.apply(record);
        this.folded.set(partition, Number(message.offset));
      },
    });
    this.running = true;
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.consumer.disconnect();
    await this.admin.disconnect();
  }

  current(): EventTypeCatalog {
    return this.catalog;
  }

  async catchUp(upTo?: AppendedRecord): Promise<EventTypeCatalog> {
    const deadline = Date.now() + this.catchUpTimeoutMs;
    try {
      const targets = upTo
        ? new Map([[upTo.partition, upTo.offset]])
        : new Map(
            (await this.admin.fetchTopicOffsets(this.settings.catalogTopic)).map((p) => [p.partition, Number(p.high) - 1]),
          );
      while ([...targets].some(([partition, offset]) => (this.folded.get(partition) ?? -1) < offset)) {
        if (Date.now() > deadline) throw new DependencyUnavailableError('log');
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      return this.catalog;
    } catch (error) {
      throw error instanceof DependencyUnavailableError ? error : new DependencyUnavailableError('log', 5, error);
    }
  }
}
