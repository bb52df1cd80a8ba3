import { RecentEventIds } from '@reimbursements/domain/ports/recent-event-ids.port';
import { ThrottledWarning } from '@reimbursements/platform/logging/throttled-warning';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { RecentEventIdsErrorFn, RedisRecentEventIds } from '@reimbursements/redis/redis-recent-event-ids';
import { createRedis } from '@reimbursements/redis/redis-report-cache';
import { InjectionToken, Logger, OnApplicationShutdown, Provider } from '@nestjs/common';
import Redis from 'ioredis';
import { CommandApiSettings } from './command-api.settings';
import { RecentReimbursementIds } from './reimbursements/recent-reimbursement-ids';

const logger = new Logger('RecentEventIds');

/** Redis is a disposable memory here: not a readiness dependency, and an outage never fails a command. */
class RecentEventIdsConnection implements OnApplicationShutdown {
  constructor(
    readonly redis: Redis,
    /** One for both memories: they share the connection, and the counter can be registered once. */
    readonly onError: RecentEventIdsErrorFn,
  ) {}

  onApplicationShutdown(): void {
    this.redis.disconnect();
  }
}

/** Counts every unanswered call and warns at most once per interval, naming neither the URL nor the ids. */
function reportUnavailable(metrics: Metrics): RecentEventIdsErrorFn {
  const unavailable = metrics.counter(
    'recent_event_ids_unavailable_total',
    'Calls to Redis for recent eventIds or reimbursementIds that failed; their commands were accepted without the conflict check',
    ['operation'],
  );
  const warning = new ThrottledWarning();
  return (operation, error) => {
    unavailable.inc({ operation });
    warning.failed((failures) => logger.warn({ operation, reason: error.message, failures }, 'Redis unavailable: accepting ids without the conflict check'));
  };
}

export const recentEventIdsProviders: Provider[] = [
  {
    provide: RecentEventIdsConnection,
    inject: [CommandApiSettings, Metrics],
    useFactory: async (settings: CommandApiSettings, metrics: Metrics) => {
      const redis = createRedis(settings.REDIS_URL);
      redis.on('error', () => undefined);
      // Keeps reconnecting in the background when this first attempt fails.
      await redis.connect().catch((error: Error) => logger.warn({ reason: error.message }, 'Redis not reachable; accepting ids without the conflict check'));
      return new RecentEventIdsConnection(redis, reportUnavailable(metrics));
    },
  },
  recentIdsUnder(RecentEventIds, 'recent-event-ids'),
  recentIdsUnder(RecentReimbursementIds, 'recent-reimbursement-ids'),
];

/** A memory of recent ids on the shared connection, its keys under `<name>:<log topic>:`. */
function recentIdsUnder(provide: InjectionToken, name: string): Provider {
  return {
    provide,
    inject: [RecentEventIdsConnection, CommandApiSettings],
    useFactory: (connection: RecentEventIdsConnection, settings: CommandApiSettings) =>
      new RedisRecentEventIds(connection.redis, { keyPrefix: `${name}:${settings.LOG_TOPIC}:`, ttlSeconds: settings.RECENT_EVENT_IDS_TTL_SECONDS }, connection.onError),
  };
}
