import { ReportCache } from '@reimbursements/domain/ports/report-cache.port';
import Redis from 'ioredis';

export type CacheErrorFn = (operation: 'get' | 'set', error: Error) => void;

/** Cache reads and writes never fail a query: on a Redis outage the answer comes from MongoDB. */
export class RedisReportCache extends ReportCache {
  constructor(
    private readonly redis: Redis,
    private readonly onError: CacheErrorFn,
  ) {
    super();
  }

  async get<T>(key: string): Promise<T | undefined> {
    try {
      const value = await this.redis.get(key);
      return value === null ? undefined : (JSON.parse(value) as T);
    } catch (error) {
      this.onError('get', error as Error);
      return undefined;
    }
  }

  async set(key: string, value: unknown, ttlSeconds: number): Promise<void> {
    try {
      await this.redis.set(key, JSON.stringify(value), 'EX', ttlSeconds);
    } catch (error) {
      this.onError('set', error as Error);
    }
  }
}

export function createRedis(url: string): Redis {
  return new Redis(url, {
    lazyConnect: true,
    maxRetriesPerRequest: 1,
    commandTimeout: 500,
    connectTimeout: 2000,
    enableOfflineQueue: false,
  });
}
