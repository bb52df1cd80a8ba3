import { ReportCache } from '@reimbursements/domain/ports/report-cache.port';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { QueryApiSettings } from '../../query-api.settings';
import { AnswerPart, ReportAnswerCache } from './report-answer-cache';

/** A cache in memory that counts its round trips. */
class CountingCache extends ReportCache {
  readonly entries = new Map<string, unknown>();
  gets = 0;
  sets = 0;

  async getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]> {
    this.gets += 1;
    return keys.map((key) => this.entries.get(key) as T | undefined);
  }

  async setMany(entries: readonly { key: string; value: unknown }[]): Promise<void> {
    this.sets += 1;
    for (const { key, value } of entries) this.entries.set(key, value);
  }
}

describe('ReportAnswerCache', () => {
  const parts: AnswerPart[] = [
    { key: 'closed-key', part: 'closed' },
    { key: 'open-key', part: 'open' },
  ];

  function subject() {
    const cache = new CountingCache();
    const metrics = new Metrics('test');
    const answers = new ReportAnswerCache(cache, new QueryApiSettings(), metrics);
    const lookups = async () =>
      Object.fromEntries(
        (await metrics.registry.getSingleMetric('report_cache_lookups_total')?.get())?.values.map((v) => [`${v.labels.part}:${v.labels.outcome}`, v.value]) ?? [],
      );
    return { cache, answers, lookups };
  }

  it('looks every part up in one round trip, computes only the parts that miss, and stores them in one', async () => {
    const { cache, answers, lookups } = subject();
    cache.entries.set('closed-key', 'closed value');
    const compute = jest.fn(async (missing: number[]) => missing.map((index) => `computed ${parts[index].part}`));
    await expect(answers.answer(parts, 'json', compute)).resolves.toEqual(['closed value', 'computed open']);
    expect(compute).toHaveBeenCalledWith([1]);
    expect([cache.gets, cache.sets]).toEqual([1, 1]);
    expect(cache.entries.get('open-key')).toBe('computed open');
    await expect(answers.answer(parts, 'json', compute)).resolves.toEqual(['closed value', 'computed open']);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(await lookups()).toEqual({ 'closed:hit': 2, 'open:miss': 1, 'open:hit': 1 });
  });

  it('computes concurrent identical misses once, and parts of one miss together', async () => {
    const { answers, lookups } = subject();
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const compute = jest.fn(async (missing: number[]) => {
      await gate;
      return missing.map((index) => parts[index].part);
    });
    const asked = Array.from({ length: 3 }, () => answers.answer(parts, 'csv', compute));
    release();
    expect(await Promise.all(asked)).toEqual([['closed', 'open'], ['closed', 'open'], ['closed', 'open']]);
    expect(compute).toHaveBeenCalledTimes(1);
    expect(compute).toHaveBeenCalledWith([0, 1]);
    expect(await lookups()).toEqual({ 'closed:miss': 1, 'open:miss': 1, 'closed:shared': 2, 'open:shared': 2 });
  });

  it('stores only what is cacheable, and after a failed computation computes again', async () => {
    const { cache, answers } = subject();
    await expect(answers.answer(parts, 'json', async () => Promise.reject(new Error('database away')))).rejects.toThrow('database away');
    await expect(answers.answer(parts, 'json', async () => ['small', 'too large'], (value) => value === 'small')).resolves.toEqual(['small', 'too large']);
    expect([...cache.entries.keys()]).toEqual(['closed-key']);
  });

  it('answers a whole text from the cache without producing it, and produces a missing one once for identical asks, through the parts', async () => {
    const { cache, answers, lookups } = subject();
    cache.entries.set('whole-key', '{"rows":[]}');
    const produce = jest.fn(async () => '{"rows":[1]}');
    await expect(answers.text('whole-key', 'json', produce)).resolves.toBe('{"rows":[]}');
    expect(produce).not.toHaveBeenCalled();

    const throughParts = jest.fn(async () => {
      const [closed, open] = await answers.answer(parts, 'json', async (missing) => missing.map((index) => parts[index].part));
      return JSON.stringify({ rows: [closed, open] });
    });
    const asked = await Promise.all(Array.from({ length: 3 }, () => answers.text('other-whole-key', 'json', throughParts)));
    expect(asked).toEqual(Array.from({ length: 3 }, () => '{"rows":["closed","open"]}'));
    expect(throughParts).toHaveBeenCalledTimes(1);
    expect(cache.entries.get('other-whole-key')).toBe('{"rows":["closed","open"]}');
    expect(await lookups()).toEqual({ 'whole:hit': 1, 'whole:miss': 1, 'whole:shared': 2, 'closed:miss': 1, 'open:miss': 1 });
  });
});
