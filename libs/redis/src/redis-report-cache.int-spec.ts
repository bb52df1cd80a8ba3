import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createRedis, RedisReportCache } from './redis-report-cache';

const URL = process.env.REDIS_URL ?? `redis://127.0.0.1:${process.env.REDIS_PORT ?? 6379}`;

describe('RedisReportCache against the real server', () => {
  let redis: Redis;
  const errors: string[] = [];
  let cache: RedisReportCache;

  beforeAll(async () => {
    redis = createRedis(URL);
    await redis.connect();
    cache = new RedisReportCache(redis, (operation) => errors.push(operation));
  });

  afterAll(() => redis.disconnect());

  it('stores JSON values with a time to live, and reads several in order, absent ones undefined', async () => {
    const [key, other, absent] = [`int:${randomUUID()}`, `int:${randomUUID()}`, `int:${randomUUID()}`];
    expect(await cache.getMany([key])).toEqual([undefined]);
    await cache.setMany([{ key, value: { rows: [1, 2], nested: { a: 'b' } } }, { key: other, value: 'text' }], 30);
    expect(await cache.getMany([other, absent, key])).toEqual(['text', undefined, { rows: [1, 2], nested: { a: 'b' } }]);
    for (const stored of [key, other]) {
      const ttl = await redis.ttl(stored);
      expect(ttl).toBeGreaterThan(0);
      expect(ttl).toBeLessThanOrEqual(30);
    }
    expect(errors).toEqual([]);
  });

  it('reads back a value of hundreds of KB, with characters of several bytes, as it was stored', async () => {
    const key = `int:${randomUUID()}`;
    const value = { text: 'Åsa Öberg 🧾 '.repeat(20_000) };
    await cache.setMany([{ key, value }], 30);
    expect(await cache.getMany([key])).toEqual([value]);
    expect(errors).toEqual([]);
  });

  it('degrades to misses when Redis is unreachable, without throwing', async () => {
    const down = createRedis('redis://127.0.0.1:1');
    down.on('error', () => undefined);
    await down.connect().catch(() => undefined);
    const seen: string[] = [];
    const offline = new RedisReportCache(down, (operation) => seen.push(operation));
    await expect(offline.setMany([{ key: 'k', value: { a: 1 } }], 10)).resolves.toBeUndefined();
    await expect(offline.getMany(['k', 'l'])).resolves.toEqual([undefined, undefined]);
    expect(seen).toEqual(['set', 'get']);
    down.disconnect();
  });
});
