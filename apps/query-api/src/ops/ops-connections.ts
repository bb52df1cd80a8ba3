import { EventLog } from '@reimbursements/domain/ports/event-log.port';
import { LogEnds } from '@reimbursements/domain/ports/log-ends.port';
import { createKafka } from '@reimbursements/kafka/kafka-client.factory';
import { KafkaEventLog } from '@reimbursements/kafka/kafka-event-log';
import { KafkaTopicEnds } from '@reimbursements/kafka/kafka-topic-ends';
import { kafkaLog } from '@reimbursements/platform/logging/kafka-log';
import { OnApplicationShutdown, Provider } from '@nestjs/common';
import { Kafka } from 'kafkajs';
import { QueryApiSettings } from '../query-api.settings';

/**
 * The query-api's only use of Kafka: the end offsets of the topics (the ops status, and refusing a
 * forged minPosition past them) and the control topic (skips). Both connect on first use, so an
 * outage of Kafka affects only the ops endpoints, never the reports.
 */
export class OpsKafka implements OnApplicationShutdown {
  readonly ends: KafkaTopicEnds;
  readonly log: KafkaEventLog;

  constructor(settings: QueryApiSettings) {
    const kafkaSettings = settings.kafkaSettings();
    const kafka: Kafka = createKafka(kafkaSettings, kafkaLog);
    this.ends = new KafkaTopicEnds(kafka);
    this.log = new KafkaEventLog(kafka, kafkaSettings);
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.race([
      Promise.allSettled([this.ends.close(), this.log.isConnected() ? this.log.close() : Promise.resolve()]),
      new Promise((resolve) => setTimeout(resolve, 10_000).unref()),
    ]);
  }
}

export const opsProviders: Provider[] = [
  { provide: OpsKafka, inject: [QueryApiSettings], useFactory: (settings: QueryApiSettings) => new OpsKafka(settings) },
  { provide: EventLog, inject: [OpsKafka], useFactory: (ops: OpsKafka) => ops.log },
  { provide: LogEnds, inject: [OpsKafka], useFactory: (ops: OpsKafka) => ops.ends },
];
