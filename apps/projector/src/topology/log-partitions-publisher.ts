import { LogPartitions } from '@reimbursements/domain/ports/log-partitions.port';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Admin } from 'kafkajs';

/** Partitions are added rarely, by an operator; a minute is soon enough for the query API to learn of them. */
export const PUBLISH_INTERVAL_MS = 60_000;

/**
 * Reads the partition count of the log's topics from the broker, at start-up and every minute, and
 * records it where the query API can read it (LogPartitions): the projector is the app that may
 * describe the topics. A failure is logged and tried again at the next interval; it never stops
 * the fold.
 */
@Injectable()
export class LogPartitionsPublisher implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('LogPartitions');
  private timer?: NodeJS.Timeout;
  private connected?: Promise<void>;

  constructor(
    private readonly admin: Admin,
    private readonly topics: readonly string[],
    private readonly partitions: LogPartitions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    await this.publish();
    this.timer = setInterval(() => void this.publish(), PUBLISH_INTERVAL_MS);
  }

  async onApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.admin.disconnect();
  }

  async publish(): Promise<void> {
    try {
      this.connected ??= this.admin.connect();
      await this.connected;
      const { topics } = await this.admin.fetchTopicMetadata({ topics: [...this.topics] });
      await this.partitions.record(Object.fromEntries(topics.map((t) => [t.name, t.partitions.length])));
    } catch (error) {
      this.connected = undefined;
      this.logger.warn({ reason: (error as Error).message }, 'could not record the partition counts of the log; trying again in a minute');
    }
  }
}
