import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { ThrottlerStorageRecord } from '@nestjs/throttler/dist/throttler-storage-record.interface';
import { ThrottledWarning } from '../logging/throttled-warning';

/**
 * Counts through another storage (Redis), and lets a request through uncounted when that storage
 * does not answer: rate limits protect the apps, they must not take them down with Redis. Warns at
 * most once per interval, with the number of requests let through since.
 */
export class FailOpenThrottlerStorage implements ThrottlerStorage {
  private readonly logger = new Logger('RateLimit');
  private readonly warning = new ThrottledWarning();

  constructor(private readonly counters: ThrottlerStorage) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    try {
      return await this.counters.increment(key, ttl, limit, blockDuration, throttlerName);
    } catch (error) {
      this.warning.failed((uncounted) => this.logger.warn({ reason: (error as Error).message, uncounted }, 'rate-limit counters unavailable: requests pass uncounted'));
      return { totalHits: 0, timeToExpire: Math.ceil(ttl / 1000), isBlocked: false, timeToBlockExpire: 0 };
    }
  }
}
