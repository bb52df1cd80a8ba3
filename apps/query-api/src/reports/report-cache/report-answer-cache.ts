import { ReportCache } from '@reimbursements/domain/ports/report-cache.port';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { Injectable } from '@nestjs/common';
import { Counter } from 'prom-client';
import { QueryApiSettings } from '../../query-api.settings';
import { ReportFormat } from './report-cache-key';

/** One cache entry of an answer: its key, and which part of the report's months it holds (a label of the metric). */
export interface AnswerPart {
  key: string;
  part: 'closed' | 'open' | 'whole';
}

/**
 * Report answers through the cache, in parts (report-parts.ts): all parts are looked up in one
 * Redis round trip, and a hit makes no MongoDB round trip (the keys' state comes from
 * AppliedPositions). The parts that miss are computed together by one read, once however many
 * identical requests ask at the same moment in this process, and stored in one round trip. Redis
 * being down only turns hits into misses (RedisReportCache swallows and counts the error).
 */
@Injectable()
export class ReportAnswerCache {
  private readonly computing = new Map<string, Promise<unknown>>();
  private readonly lookups: Counter<'format' | 'outcome' | 'part'>;

  constructor(
    private readonly cache: ReportCache,
    private readonly settings: QueryApiSettings,
    metrics: Metrics,
  ) {
    this.lookups = metrics.counter(
      'report_cache_lookups_total',
      'Report answer parts asked of the cache, by format, part of the months (closed, open, whole) and outcome (hit, miss, shared: a miss joined an identical one already computing)',
      ['format', 'outcome', 'part'],
    );
  }

  /** Each part's value, in order; `compute` gets the indexes of the parts that missed and answers their values in that order. */
  async answer<T>(parts: readonly AnswerPart[], format: ReportFormat, compute: (missing: number[]) => Promise<T[]>, cacheable: (value: T) => boolean = () => true): Promise<T[]> {
    const cached = await this.cache.getMany<T>(parts.map((part) => part.key));
    const values: (T | Promise<T>)[] = [];
    const missing: number[] = [];
    parts.forEach(({ key, part }, index) => {
      const hit = cached[index];
      const running = this.computing.get(key) as Promise<T> | undefined;
      const outcome = hit !== undefined ? 'hit' : running ? 'shared' : 'miss';
      this.lookups.inc({ format, outcome, part });
      if (hit !== undefined) values[index] = hit;
      else if (running) values[index] = running;
      else missing.push(index);
    });
    if (missing.length > 0) {
      const computed = (async () => {
        try {
          const results = await compute(missing);
          const entries = missing.map((index, j) => ({ key: parts[index].key, value: results[j] })).filter(({ value }) => cacheable(value));
          await this.cache.setMany(entries, this.settings.REPORT_CACHE_TTL_SECONDS);
          return results;
        } finally {
          for (const index of missing) this.computing.delete(parts[index].key);
        }
      })();
      missing.forEach((index, j) => {
        const value = computed.then((results) => results[j]);
        // Those who share it handle its failure; this request does through `values`.
        value.catch(() => undefined);
        this.computing.set(parts[index].key, value);
        values[index] = value;
      });
    }
    return Promise.all(values);
  }

  /**
   * A whole answer's text through the cache under `key` (part `whole`): a hit is the stored text,
   * which the request sends as it is, with no parse, merge or serialization; a miss produces it
   * (through the parts, `answer`) and stores it. Identical misses at the same moment in this
   * process produce it once.
   */
  async text(key: string, format: ReportFormat, produce: () => Promise<string>): Promise<string> {
    const [text] = await this.answer<string>([{ key, part: 'whole' }], format, async () => [await produce()]);
    return text;
  }

  /**
   * A text answer streamed as it is produced (a heavy CSV), cached whole: a hit is the stored text;
   * a miss streams `produce` and stores the whole text afterwards if it stayed within `maxBytes`.
   * Identical streamed misses are not shared: each streams its own read, inside the heavy bound.
   */
  async stream(key: string, format: ReportFormat, produce: () => AsyncIterable<string>, maxBytes: number): Promise<Iterable<string> | AsyncIterable<string>> {
    const [cached] = await this.cache.getMany<string>([key]);
    if (cached !== undefined) {
      this.lookups.inc({ format, outcome: 'hit', part: 'whole' });
      return [cached];
    }
    this.lookups.inc({ format, outcome: 'miss', part: 'whole' });
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
      if (parts) await cache.setMany([{ key, value: parts.join('') }], ttl);
    })();
  }
}
