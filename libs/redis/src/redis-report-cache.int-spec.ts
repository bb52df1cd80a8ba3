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

  it('stores JSON values with a time to live', async () => {
    const key = `int:${randomUUID()}`;
    expect(await cache.get(key)).toBeUndefined();
    await cache.set(key, { rows: [1, 2], nested: { a: 'b' } }, 30);
    expect(await cache.get(key)).toEqual({ rows: [1, 2], nested: { a: 'b' } });
    const ttl = await redis.ttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(30);
    expect(errors).toEqual([]);
  });

  it('degrades to misses when Redis is unreachable, without throwing', async () => {
    const down = createRedis('redis://127.0.0.1:1');
    down.on('error', () => undefined);
    await down.connect().catch(() => undefined);
    const seen: string[] = [];
    const offline = new RedisReportCache(down, (operation) => seen.push(operation));
    await expect(offline.set('k', { a: 1 }, 10)).resolves.toBeUndefined();
    await expect(offline.get('k')).resolves.toBeUndefined();
    expect(seen).toEqual(['set', 'get']);
    down.disconnect();
  });
});
