import { randomUUID } from 'node:crypto';
import Redis from 'ioredis';
import { LoginThrottle } from './login-throttle';

const REDIS_URL = process.env.REDIS_URL ?? `redis://127.0.0.1:${process.env.REDIS_PORT ?? 6379}`;

describe('LoginThrottle (real Redis)', () => {
  let redis: Redis;
  let prefix: string;

  beforeAll(async () => {
    redis = new Redis(REDIS_URL, { lazyConnect: true, maxRetriesPerRequest: 1 });
    await redis.connect();
  });

  afterAll(async () => {
    const keys = await redis.keys('int-spec:*');
    if (keys.length > 0) await redis.del(...keys);
    redis.disconnect();
  });

  beforeEach(() => {
    prefix = `int-spec:${randomUUID()}:`;
  });

  it('allows up to the per-account limit, then answers with the time left in the window', async () => {
    const throttle = new LoginThrottle(redis, prefix, { perAccount: 3, perAddress: 100, windowSeconds: 120 });
    for (let i = 0; i < 3; i++) expect(await throttle.reserve('alice', '10.0.0.1')).toEqual({ allowed: true });
    const verdict = await throttle.reserve('alice', '10.0.0.2');
    expect(verdict).toMatchObject({ allowed: false, limit: 3 });
    expect((verdict as { retryAfterSeconds: number }).retryAfterSeconds).toBeGreaterThan(100);
    expect((verdict as { retryAfterSeconds: number }).retryAfterSeconds).toBeLessThanOrEqual(120);
    expect(await throttle.reserve('bob', '10.0.0.1')).toEqual({ allowed: true });
  });

  it('throttles an address that tries many accounts', async () => {
    const throttle = new LoginThrottle(redis, prefix, { perAccount: 100, perAddress: 2, windowSeconds: 60 });
    expect(await throttle.reserve('a', '10.0.0.9')).toEqual({ allowed: true });
    expect(await throttle.reserve('b', '10.0.0.9')).toEqual({ allowed: true });
    expect(await throttle.reserve('c', '10.0.0.9')).toMatchObject({ allowed: false, limit: 2 });
    expect(await throttle.reserve('c', '10.0.0.10')).toEqual({ allowed: true });
  });

  it('clears the account and gives the attempt back to the address on success', async () => {
    const throttle = new LoginThrottle(redis, prefix, { perAccount: 2, perAddress: 2, windowSeconds: 60 });
    await throttle.reserve('alice', '10.0.0.1');
    await throttle.reserve('alice', '10.0.0.1');
    await throttle.succeeded('alice', '10.0.0.1');
    expect(await throttle.reserve('alice', '10.0.0.1')).toEqual({ allowed: true });
    expect(await throttle.reserve('alice', '10.0.0.1')).toMatchObject({ allowed: false, limit: 2 });
  });

  it('shares the counts between instances and counts concurrent attempts exactly', async () => {
    const other = new Redis(REDIS_URL);
    const limits = { perAccount: 5, perAddress: 1000, windowSeconds: 60 };
    const throttles = [new LoginThrottle(redis, prefix, limits), new LoginThrottle(other, prefix, limits)];
    const verdicts = await Promise.all(Array.from({ length: 20 }, (_, i) => throttles[i % 2].reserve('carol', '10.0.0.1')));
    other.disconnect();
    expect(verdicts.filter((verdict) => verdict.allowed)).toHaveLength(5);
  });

  it('keeps account names out of Redis', async () => {
    const throttle = new LoginThrottle(redis, prefix, { perAccount: 5, perAddress: 5, windowSeconds: 60 });
    await throttle.reserve('secret-looking-name', '10.0.0.1');
    const keys = await redis.keys(`${prefix}*`);
    expect(keys).toHaveLength(2);
    expect(keys.join()).not.toContain('secret-looking-name');
    expect(keys.join()).not.toContain('10.0.0.1');
  });
});
