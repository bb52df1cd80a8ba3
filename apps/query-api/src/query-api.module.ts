import { ApiAccessModule } from '@reimbursements/auth/api-access.module';
import { AuthVerifierSettings } from '@reimbursements/auth/auth-verifier.settings';
import { RateLimitSettings } from '@reimbursements/auth/rate-limit.settings';
import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { LogPartitions } from '@reimbursements/domain/ports/log-partitions.port';
import { MongoLogPartitions } from '@reimbursements/mongo/mongo-log-partitions';
import { MongoLedgerReader } from '@reimbursements/mongo/mongo-ledger-reader';
import { ReportCache } from '@reimbursements/domain/ports/report-cache.port';
import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { ensureIndexes } from '@reimbursements/mongo/collections';
import { MongoReportReader } from '@reimbursements/mongo/mongo-report-reader';
import { createMongoClient } from '@reimbursements/mongo/mongo-settings';
import { HealthController } from '@reimbursements/platform/health/health.controller';
import { ReadinessChecks } from '@reimbursements/platform/health/readiness-check';
import { structuredLogging } from '@reimbursements/platform/logging/logger.module';
import { ThrottledWarning } from '@reimbursements/platform/logging/throttled-warning';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { MetricsController } from '@reimbursements/platform/metrics/metrics.controller';
import { logStuckMongoMonitor } from '@reimbursements/platform/logging/mongo-log';
import { createRedis, RedisReportCache } from '@reimbursements/redis/redis-report-cache';
import { DynamicModule, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { QuietTerminusModule } from '@reimbursements/platform/health/terminus.module';
import Redis from 'ioredis';
import { MongoClient } from 'mongodb';
import { ListEventTypesHttpController } from './event-types/list-event-types/list-event-types.http.controller';
import { GetEventHttpController } from './events/get-event/get-event.http.controller';
import { ListEventsHttpController } from './events/list-events/list-events.http.controller';
import { GetReimbursementHttpController } from './reimbursements/get-reimbursement/get-reimbursement.http.controller';
import { ListReimbursementsHttpController } from './reimbursements/list-reimbursements/list-reimbursements.http.controller';
import { ListEventTypesHandler } from './event-types/list-event-types/list-event-types.handler';
import { GetEventHandler } from './events/get-event/get-event.handler';
import { ListEventsHandler } from './events/list-events/list-events.handler';
import { GetReimbursementHandler } from './reimbursements/get-reimbursement/get-reimbursement.handler';
import { ListReimbursementsHandler } from './reimbursements/list-reimbursements/list-reimbursements.handler';
import { HeavyReports } from './reports/heavy-reports';
import { MonthlyReportCsvHandler } from './reports/monthly-report/monthly-report-csv.handler';
import { MonthlyReportHandler } from './reports/monthly-report/monthly-report.handler';
import { ReportAnswerCache } from './reports/report-cache/report-answer-cache';
import { MonthlyReportHttpController } from './reports/monthly-report/monthly-report.http.controller';
import { QueryApiSettings } from './query-api.settings';
import { AppliedPositions } from './read-your-writes/applied-positions';
import { ReadYourWrites } from './read-your-writes/read-your-writes';
import { MongoProjectionVersions } from '@reimbursements/mongo/mongo-projection-versions';
import { LiveVersion } from './ops/projection-versions/live-version';
import { LiveLedgerReader, LiveReportReader } from './ops/projection-versions/live-readers';
import { ProjectionVersionCommands } from './ops/projection-versions/projection-version-commands.handler';
import { ProjectionVersionsHttpController } from './ops/projection-versions/projection-versions.http.controller';
import { opsProviders } from './ops/ops-connections';
import { ProjectionStatusHttpController } from './ops/projection-status/projection-status.http.controller';
import { ProjectionStatusQuery } from './ops/projection-status/projection-status.query';
import { SkipRecordHandler } from './ops/skip-record/skip-record.handler';
import { SkipRecordHttpController } from './ops/skip-record/skip-record.http.controller';

/** Every query route goes through its handler; the controllers only turn HTTP into queries. */
export const QUERY_HANDLERS = [
  MonthlyReportHandler,
  MonthlyReportCsvHandler,
  ListEventTypesHandler,
  GetEventHandler,
  ListEventsHandler,
  GetReimbursementHandler,
  ListReimbursementsHandler,
];

class Connections implements OnApplicationShutdown {
  constructor(
    readonly mongo: MongoClient,
    readonly redis: Redis,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.mongo.close();
    this.redis.disconnect();
  }
}

const cacheLogger = new Logger('ReportCache');

@Module({})
export class QueryApiModule {
  static forRoot(settings: QueryApiSettings, verifier: AuthVerifierSettings, rateLimits: RateLimitSettings): DynamicModule {
    return {
      module: QueryApiModule,
      imports: [
        CqrsModule.forRoot(),
        QuietTerminusModule,
        structuredLogging('query-api', settings.LOG_LEVEL),
        ApiAccessModule.forRoot({ app: 'query-api', verifier, rateLimits, redisUrl: settings.REDIS_URL }),
      ],
      controllers: [
        MonthlyReportHttpController,
        ListEventTypesHttpController,
        GetEventHttpController,
        ListEventsHttpController,
        GetReimbursementHttpController,
        ListReimbursementsHttpController,
        ProjectionStatusHttpController,
        SkipRecordHttpController,
        ProjectionVersionsHttpController,
        HealthController,
        MetricsController,
      ],
      providers: [
        { provide: QueryApiSettings, useValue: settings },
        { provide: Metrics, useValue: new Metrics('query-api') },
        {
          provide: Connections,
          useFactory: async () => {
            const mongo = await createMongoClient({ uri: settings.MONGODB_URI, database: settings.MONGODB_DATABASE }, logStuckMongoMonitor).connect();
            await ensureIndexes(mongo.db(settings.MONGODB_DATABASE));
            const redis = createRedis(settings.REDIS_URL);
            redis.on('error', () => undefined);
            await redis.connect().catch((error: Error) => cacheLogger.warn({ reason: error.message }, 'Redis not reachable; serving without cache'));
            return new Connections(mongo, redis);
          },
        },
        {
          provide: LiveVersion,
          inject: [Connections, Metrics],
          useFactory: (c: Connections, metrics: Metrics) => {
            const answering = metrics.gauge('projection_version_answering', 'The version of the read models this instance answers from (1), by projection', ['projection', 'version']);
            return new LiveVersion(
              new MongoProjectionVersions(c.mongo.db(settings.MONGODB_DATABASE)),
              (database) => c.mongo.db(database),
              settings.MONGODB_DATABASE,
              { reports: (db, projection) => new MongoReportReader(db, projection, settings.REPORT_QUERY_SHAPE), ledger: (db) => new MongoLedgerReader(db, settings.REPORT_QUERY_SHAPE) },
              settings.PROJECTION_VERSION_POLL_MS,
              (projection, version) => {
                answering.reset();
                answering.set({ projection, version }, 1);
              },
            );
          },
        },
        { provide: ReportReader, inject: [LiveVersion], useFactory: (versions: LiveVersion) => new LiveReportReader(versions) },
        { provide: LedgerReader, inject: [LiveVersion], useFactory: (versions: LiveVersion) => new LiveLedgerReader(versions) },
        {
          provide: ReportCache,
          inject: [Connections, Metrics],
          useFactory: (c: Connections, metrics: Metrics) => {
            const errors = metrics.counter('report_cache_errors_total', 'Report cache reads and writes that failed (Redis down or slow): answered from MongoDB', ['operation']);
            const warning = new ThrottledWarning();
            return new RedisReportCache(c.redis, (operation, error) => {
              errors.inc({ operation });
              warning.failed((failures) => cacheLogger.warn({ operation, reason: error.message, failures }, 'cache unavailable: answering from MongoDB'));
            });
          },
        },
        ...QUERY_HANDLERS,
        ReportAnswerCache,
        HeavyReports,
        AppliedPositions,
        {
          provide: LogPartitions,
          inject: [Connections],
          useFactory: (c: Connections) => new MongoLogPartitions(c.mongo.db(settings.MONGODB_DATABASE)),
        },
        ReadYourWrites,
        ...opsProviders,
        ProjectionStatusQuery,
        SkipRecordHandler,
        ProjectionVersionCommands,
        {
          provide: ReadinessChecks,
          inject: [Connections],
          useFactory: (c: Connections) =>
            new ReadinessChecks([
              { name: 'mongodb', isReady: async () => (await c.mongo.db(settings.MONGODB_DATABASE).command({ ping: 1 })).ok === 1 },
              { name: 'redis', isReady: async () => (await c.redis.ping()) === 'PONG' },
            ]),
        },
      ],
    };
  }
}
