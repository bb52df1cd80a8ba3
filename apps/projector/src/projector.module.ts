import { LogPartitions } from '@reimbursements/domain/ports/log-partitions.port';
import { createKafka } from '@reimbursements/kafka/kafka-client.factory';
import { KafkaControlFeed } from '@reimbursements/kafka/kafka-control-feed';
import { READ_MODELS_PROJECTION } from '@reimbursements/domain/projections/read-models-projection';
import { Kafka } from 'kafkajs';
import { ensureIndexes } from '@reimbursements/mongo/collections';
import { MongoProjectionVersions } from '@reimbursements/mongo/mongo-projection-versions';
import { projectionVersion } from '@reimbursements/domain/ops/projection-version';
import { MongoLogPartitions } from '@reimbursements/mongo/mongo-log-partitions';
import { createMongoClient } from '@reimbursements/mongo/mongo-settings';
import { HealthController } from '@reimbursements/platform/health/health.controller';
import { ReadinessChecks } from '@reimbursements/platform/health/readiness-check';
import { kafkaLog } from '@reimbursements/platform/logging/kafka-log';
import { structuredLogging } from '@reimbursements/platform/logging/logger.module';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { MetricsController } from '@reimbursements/platform/metrics/metrics.controller';
import { Tracing } from '@reimbursements/platform/tracing/tracing';
import { logStuckMongoMonitor } from '@reimbursements/platform/logging/mongo-log';
import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { QuietTerminusModule } from '@reimbursements/platform/health/terminus.module';
import { MongoClient } from 'mongodb';
import { FaultInjection } from './projection/fault-injection';
import { ProjectionVersionsSupervisor } from './projection/projection-versions.supervisor';
import { ProjectorSettings } from './projector.settings';
import { LogPartitionsPublisher } from './topology/log-partitions-publisher';

class MongoConnection implements OnApplicationShutdown {
  constructor(readonly client: MongoClient) {}

  async onApplicationShutdown(): Promise<void> {
    await this.client.close();
  }
}

@Module({})
export class ProjectorModule {
  static forRoot(settings: ProjectorSettings): DynamicModule {
    return {
      module: ProjectorModule,
      imports: [QuietTerminusModule, structuredLogging('projector', settings.LOG_LEVEL)],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: ProjectorSettings, useValue: settings },
        { provide: Metrics, useValue: new Metrics('projector') },
        {
          provide: MongoConnection,
          useFactory: async () => {
            const client = await createMongoClient({ uri: settings.MONGODB_URI, database: settings.MONGODB_DATABASE }, logStuckMongoMonitor).connect();
            await ensureIndexes(client.db(settings.MONGODB_DATABASE));
            return new MongoConnection(client);
          },
        },
        {
          provide: FaultInjection,
          useValue: new FaultInjection(settings.PROJECTOR_FAULT, settings.PROJECTOR_FAULT_AFTER_BATCHES),
        },
        { provide: Kafka, useFactory: () => createKafka(settings.kafkaSettings(), kafkaLog) },
        {
          provide: KafkaControlFeed,
          inject: [Kafka],
          useFactory: (kafka: Kafka) =>
            new KafkaControlFeed(kafka, settings.controlTopic(), settings.PROJECTOR_GROUP_ID, settings.PROJECTOR_CONTROL_CATCH_UP_TIMEOUT_MS, [{ name: projectionVersion(READ_MODELS_PROJECTION).name, firstVersion: projectionVersion(READ_MODELS_PROJECTION).version }]),
        },
        {
          provide: ProjectionVersionsSupervisor,
          inject: [KafkaControlFeed, Kafka, MongoConnection, FaultInjection, Tracing, Metrics],
          useFactory: (control: KafkaControlFeed, kafka: Kafka, mongo: MongoConnection, faults: FaultInjection, tracing: Tracing, metrics: Metrics) =>
            new ProjectionVersionsSupervisor(control, kafka, mongo.client, new MongoProjectionVersions(mongo.client.db(settings.MONGODB_DATABASE)), settings, faults, tracing, metrics),
        },
        {
          provide: LogPartitions,
          inject: [MongoConnection],
          useFactory: (mongo: MongoConnection) => new MongoLogPartitions(mongo.client.db(settings.MONGODB_DATABASE)),
        },
        {
          provide: LogPartitionsPublisher,
          inject: [LogPartitions],
          useFactory: (partitions: LogPartitions) =>
            new LogPartitionsPublisher(createKafka(settings.kafkaSettings(), kafkaLog).admin(), [settings.LOG_TOPIC, settings.CATALOG_TOPIC], partitions),
        },
        {
          provide: ReadinessChecks,
          inject: [MongoConnection, ProjectionVersionsSupervisor],
          useFactory: (mongo: MongoConnection, versions: ProjectionVersionsSupervisor) =>
            new ReadinessChecks([
              { name: 'kafka', isReady: async () => versions.isRunning() },
              // A poison record stops only its partition, but not for long unnoticed: an admin must skip it.
              { name: 'partitions', isReady: async () => !versions.liveFold()?.status.stuckLongerThan(settings.PROJECTOR_STUCK_NOT_READY_SECONDS * 1000) },
              {
                name: 'mongodb',
                isReady: async () => (await mongo.client.db(settings.MONGODB_DATABASE).command({ ping: 1 })).ok === 1,
              },
            ]),
        },
      ],
    };
  }
}
