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

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    try {
      // As bytes, decoded here: ioredis's own decoding of a reply of tens of KB (a whole answer)
      // spanning several reads of the socket took up to 2-3 ms at p99 here, against 0.2-0.6 ms.
      const values = await this.redis.mgetBuffer(...keys);
      return values.map((value) => (value === null ? undefined : (JSON.parse(value.toString('utf8')) as T)));
    } catch (error) {
      this.onError('get', error as Error);
      return keys.map(() => undefined);
    }
  }

  async setMany(entries: readonly { key: string; value: unknown }[], ttlSeconds: number): Promise<void> {
    if (entries.length === 0) return;
    try {
      const pipeline = this.redis.pipeline();
      for (const { key, value } of entries) pipeline.set(key, JSON.stringify(value), 'EX', ttlSeconds);
      const results = (await pipeline.exec()) ?? [];
      const failed = results.find(([error]) => error !== null);
      if (failed) throw failed[0] as Error;
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
