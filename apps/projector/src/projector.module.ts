import { DecisionState } from '@reimbursements/domain/ports/decision-state.port';
import { LogPartitions } from '@reimbursements/domain/ports/log-partitions.port';
import { FoldProgress } from '@reimbursements/domain/ports/fold-progress.port';
import { ReadModelWrites } from '@reimbursements/domain/ports/read-model-writes.port';
import { createKafka } from '@reimbursements/kafka/kafka-client.factory';
import { KafkaRecordSource } from '@reimbursements/kafka/kafka-record-source';
import { KafkaRecordSkips } from '@reimbursements/kafka/kafka-record-skips';
import { RecordSkips } from '@reimbursements/domain/ports/record-skips.port';
import { READ_MODELS_PROJECTION } from '@reimbursements/domain/projections/read-models-projection';
import { MongoPartitionStatus } from '@reimbursements/mongo/mongo-partition-status';
import { Kafka } from 'kafkajs';
import { ensureIndexes } from '@reimbursements/mongo/collections';
import { MongoDecisionState } from '@reimbursements/mongo/mongo-decision-state';
import { MongoLogPartitions } from '@reimbursements/mongo/mongo-log-partitions';
import { MongoFoldProgress } from '@reimbursements/mongo/mongo-fold-progress';
import { MongoReadModelWrites } from '@reimbursements/mongo/mongo-read-model-writes';
import { createMongoClient } from '@reimbursements/mongo/mongo-settings';
import { HealthController } from '@reimbursements/platform/health/health.controller';
import { ReadinessChecks } from '@reimbursements/platform/health/readiness-check';
import { kafkaLog } from '@reimbursements/platform/logging/kafka-log';
import { structuredLogging } from '@reimbursements/platform/logging/logger.module';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { MetricsController } from '@reimbursements/platform/metrics/metrics.controller';
import { Tracing } from '@reimbursements/platform/tracing/tracing';
import { DynamicModule, Module, OnApplicationShutdown } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { MongoClient } from 'mongodb';
import { FaultInjection } from './projection/fault-injection';
import { FoldTracing } from './projection/fold-tracing';
import { ProjectBatchService } from './projection/project-batch.service';
import { PartitionStatusTracker } from './projection/partition-status-tracker';
import { ProjectionWorker } from './projection/projection-worker';
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
      imports: [TerminusModule, structuredLogging('projector', settings.LOG_LEVEL)],
      controllers: [HealthController, MetricsController],
      providers: [
        { provide: ProjectorSettings, useValue: settings },
        { provide: Metrics, useValue: new Metrics('projector') },
        {
          provide: MongoConnection,
          useFactory: async () => {
            const client = await createMongoClient({ uri: settings.MONGODB_URI, database: settings.MONGODB_DATABASE }).connect();
            await ensureIndexes(client.db(settings.MONGODB_DATABASE));
            return new MongoConnection(client);
          },
        },
        {
          provide: FaultInjection,
          useValue: new FaultInjection(settings.PROJECTOR_FAULT, settings.PROJECTOR_FAULT_AFTER_BATCHES),
        },
        {
          provide: FoldProgress,
          inject: [MongoConnection],
          useFactory: (mongo: MongoConnection) => new MongoFoldProgress(mongo.client.db(settings.MONGODB_DATABASE)),
        },
        {
          provide: DecisionState,
          inject: [MongoConnection],
          useFactory: (mongo: MongoConnection) => new MongoDecisionState(mongo.client.db(settings.MONGODB_DATABASE)),
        },
        {
          provide: ReadModelWrites,
          inject: [MongoConnection],
          useFactory: (mongo: MongoConnection) => new MongoReadModelWrites(mongo.client.db(settings.MONGODB_DATABASE), settings.PROJECTOR_WRITE_CHUNK),
        },
        { provide: Kafka, useFactory: () => createKafka(settings.kafkaSettings(), kafkaLog) },
        {
          provide: KafkaRecordSkips,
          inject: [Kafka],
          useFactory: (kafka: Kafka) => new KafkaRecordSkips(kafka, settings.controlTopic(), settings.PROJECTOR_GROUP_ID, settings.PROJECTOR_CONTROL_CATCH_UP_TIMEOUT_MS),
        },
        { provide: RecordSkips, useExisting: KafkaRecordSkips },
        {
          provide: PartitionStatusTracker,
          inject: [MongoConnection, Metrics],
          useFactory: (mongo: MongoConnection, metrics: Metrics) =>
            new PartitionStatusTracker(READ_MODELS_PROJECTION, new MongoPartitionStatus(mongo.client.db(settings.MONGODB_DATABASE)), metrics, settings.PROJECTOR_STATUS_INTERVAL_MS),
        },
        {
          provide: KafkaRecordSource,
          inject: [Kafka, Tracing],
          useFactory: (kafka: Kafka, tracing: Tracing) =>
            new KafkaRecordSource(kafka, {
              groupId: settings.PROJECTOR_GROUP_ID,
              topics: [settings.CATALOG_TOPIC, settings.LOG_TOPIC],
              partitionsConsumedConcurrently: settings.PROJECTOR_PARTITIONS_CONCURRENTLY,
              maxBytesPerPartition: settings.PROJECTOR_MAX_BYTES_PER_PARTITION,
              traceHeaders: tracing.enabled,
            }),
        },
        { provide: FoldTracing, inject: [Tracing], useFactory: (tracing: Tracing) => new FoldTracing(tracing.tracer('projector.fold')) },
        ProjectBatchService,
        ProjectionWorker,
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
          inject: [MongoConnection, ProjectionWorker, PartitionStatusTracker],
          useFactory: (mongo: MongoConnection, worker: ProjectionWorker, status: PartitionStatusTracker) =>
            new ReadinessChecks([
              { name: 'kafka', isReady: async () => worker.isRunning() },
              // A poison record stops only its partition, but not for long unnoticed: an admin must skip it.
              { name: 'partitions', isReady: async () => !status.stuckLongerThan(settings.PROJECTOR_STUCK_NOT_READY_SECONDS * 1000) },
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
