import { ReportCache } from '@reimbursements/domain/ports/report-cache.port';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { QueryApiSettings } from '../../query-api.settings';
import { ReportFormat } from './report-cache-key';

/**
 * Report answers through the cache: a hit is one Redis GET (no MongoDB round trip: the key's
 * state comes from AppliedPositions), a miss computes the answer once however many identical
 * requests ask at the same moment in this process, and stores it. Redis being down only turns
 * hits into misses (RedisReportCache swallows and counts the error).
 */
@Injectable()
export class ReportAnswerCache {
  private readonly computing = new Map<string, Promise<unknown>>();
  private readonly lookups: Counter<'format' | 'outcome'>;

  constructor(
    private readonly cache: ReportCache,
    private readonly settings: QueryApiSettings,
    metrics: Metrics,
  ) {
    this.lookups = metrics.counter('report_cache_lookups_total', 'Report answers asked of the cache, by format and outcome (hit, miss, shared: a miss joined an identical one already computing)', ['format', 'outcome']);
  }

  async answer<T>(key: string, format: ReportFormat, compute: () => Promise<T>, cacheable: (value: T) => boolean = () => true): Promise<T> {
    const cached = await this.cache.get<T>(key);
    if (cached !== undefined) {
      this.lookups.inc({ format, outcome: 'hit' });
      return cached;
    }
    const running = this.computing.get(key) as Promise<T> | undefined;
    if (running) {
      this.lookups.inc({ format, outcome: 'shared' });
      return running;
    }
    this.lookups.inc({ format, outcome: 'miss' });
    const computed = (async () => {
      try {
        const value = await compute();
        if (cacheable(value)) await this.cache.set(key, value, this.settings.REPORT_CACHE_TTL_SECONDS);
        return value;
      } finally {
        this.computing.delete(key);
      }
    })();
    this.computing.set(key, computed);
    return computed;
  }

  /**
   * A text answer streamed as it is produced (a heavy CSV): a hit is the stored text; a miss
   * streams `produce` and stores the whole text afterwards if it stayed within `maxBytes`.
   * Identical streamed misses are not shared: each streams its own read, inside the heavy bound.
   */
  async stream(key: string, format: ReportFormat, produce: () => AsyncIterable<string>, maxBytes: number): Promise<Iterable<string> | AsyncIterable<string>> {
    const cached = await this.cache.get<string>(key);
    if (cached !== undefined) {
      this.lookups.inc({ format, outcome: 'hit' });
      return [cached];
    }
    this.lookups.inc({ format, outcome: 'miss' });
    const { cache } = this;
    const ttl = this.settings.REPORT_CACHE_TTL_SECONDS;
    return (async function* () {
      let parts: string[] | undefined = [];
      let bytes = 0;
      for await (const chunk of produce()) {
        bytes += Buffer.byteLength(chunk);
        if (bytes > maxBytes) parts = undefined;
        parts?.push(chunk);
        yield chunk;
      }
      if (parts) await cache.set(key, parts.join(''), ttl);
    })();
  }
}
