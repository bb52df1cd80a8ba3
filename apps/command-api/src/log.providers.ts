import { kafkaLog } from '@reimbursements/platform/logging/kafka-log';
import { createKafka } from '@reimbursements/kafka/kafka-client.factory';
import { KafkaCatalogFeed } from '@reimbursements/kafka/kafka-catalog-feed';
import { KafkaEventLog } from '@reimbursements/kafka/kafka-event-log';
import { CatalogFeed } from '@reimbursements/domain/ports/catalog-feed.port';
import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { ReadinessCheck, ReadinessChecks } from '@reimbursements/platform/health/readiness-check';
import { Tracing } from '@reimbursements/platform/tracing/tracing';
import { Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown, Provider } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { CommandApiSettings } from './command-api.settings';

const logger = new Logger('Kafka');

/**
 * Connects to Kafka after the HTTP server is up, and keeps trying in the background: until it
 * succeeds, readiness is down and commands answer 503, rather than the process crash-looping.
 */
@Injectable()
export class LogConnections implements OnApplicationBootstrap, OnApplicationShutdown {
  private stopping = false;

  constructor(
    private readonly eventLog: KafkaEventLog,
    private readonly catalogFeed: KafkaCatalogFeed,
  ) {}

  onApplicationBootstrap(): void {
    void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopping = true;
    // Acknowledged records are already in Kafka; these only release connections, so bound them.
    await Promise.race([
      Promise.allSettled([this.eventLog.close(), this.catalogFeed.stop()]),
      new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
    ]);
  }

  private async connect(): Promise<void> {
    for (let attempt = 0; !this.stopping; attempt++) {
      try {
        if (!this.eventLog.isConnected()) await this.eventLog.connect();
        if (!this.catalogFeed.isRunning()) await this.catalogFeed.start();
        logger.log('connected to Kafka');
        return;
      } catch (error) {
        logger.warn({ attempt, reason: (error as Error).message }, 'Kafka not reachable yet, retrying');
        await new Promise((resolve) => setTimeout(resolve, Math.min(5000, 250 * 2 ** attempt)));
      }
    }
  }
}

export const logProviders: Provider[] = [
  {
    provide: Kafka,
    inject: [CommandApiSettings],
    useFactory: (settings: CommandApiSettings) =>
      createKafka(
        settings.kafkaSettings(settings.KAFKA_SEND_TIMEOUT_MS),
        kafkaLog,
      ),
  },
  {
    provide: KafkaEventLog,
    inject: [Kafka, CommandApiSettings, Tracing],
    useFactory: (kafka: Kafka, settings: CommandApiSettings, tracing: Tracing) =>
      new KafkaEventLog(kafka, settings.kafkaSettings(settings.KAFKA_SEND_TIMEOUT_MS), tracing.tracer('command-api.event-log')),
  },
  { provide: EventLog, useExisting: KafkaEventLog },
  {
    provide: KafkaCatalogFeed,
    inject: [Kafka, CommandApiSettings],
    useFactory: (kafka: Kafka, settings: CommandApiSettings) =>
      new KafkaCatalogFeed(
        kafka,
        settings.kafkaSettings(settings.KAFKA_SEND_TIMEOUT_MS),
        settings.CATALOG_CATCH_UP_TIMEOUT_MS,
      ),
  },
  { provide: CatalogFeed, useExisting: KafkaCatalogFeed },
  LogConnections,
  {
    provide: ReadinessChecks,
    inject: [KafkaEventLog, KafkaCatalogFeed],
    useFactory: (eventLog: KafkaEventLog, feed: KafkaCatalogFeed) =>
      new ReadinessChecks([
        { name: 'kafka', isReady: async () => eventLog.isConnected() && feed.isRunning() } satisfies ReadinessCheck,
      ]),
  },
];
