import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { RateLimitCharge, RateLimitCount } from '@reimbursements/domain/ports/recent-event-ids.port';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { createRedis } from './redis-report-cache';
import { RedisRecentEventIds, RecentEventIdsErrorFn } from './redis-recent-event-ids';

const URL = process.env.REDIS_URL ?? `redis://127.0.0.1:${process.env.REDIS_PORT ?? 6379}`;
const TTL_SECONDS = 60;

describe('RedisRecentEventIds against the real server', () => {
  let redis: Redis;
  let keyPrefix: string;
  let errors: string[];
  let recent: RedisRecentEventIds;

  beforeAll(async () => {
    redis = createRedis(URL);
    await redis.connect();
  });

  afterAll(() => redis.disconnect());

  beforeEach(() => {
    keyPrefix = `int:recent-event-ids:${randomUUID()}:`;
    errors = [];
    recent = new RedisRecentEventIds(redis, { keyPrefix, ttlSeconds: TTL_SECONDS }, (operation) => errors.push(operation));
  });

  it('remembers a new id with its fingerprint and a time to live', async () => {
    const eventId = randomUUID();
    expect(await recent.claim([{ eventId, fingerprint: 'a' }])).toEqual([{ verdict: 'new' }]);
    expect(await redis.get(`${keyPrefix}${eventId}`)).toBe('a\0');
    const ttl = await redis.ttl(`${keyPrefix}${eventId}`);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(TTL_SECONDS);
    expect(errors).toEqual([]);
  });

  it('tells a retry from a conflict, and keeps the first fingerprint', async () => {
    const eventId = randomUUID();
    await recent.claim([{ eventId, fingerprint: 'first' }]);
    expect(await recent.claim([{ eventId, fingerprint: 'first' }])).toEqual([{ verdict: 'same' }]);
    expect(await recent.claim([{ eventId, fingerprint: 'second' }])).toEqual([{ verdict: 'different' }]);
    expect(await redis.get(`${keyPrefix}${eventId}`)).toBe('first\0');
  });

  it('hands a retry what the first claim remembered, never what the retry would remember', async () => {
    const [eventId, bare] = [randomUUID(), randomUUID()];
    expect(await recent.claim([{ eventId, fingerprint: 'cg-1|x-ray|t', remember: '30000' }])).toEqual([{ verdict: 'new' }]);
    expect(await recent.claim([{ eventId, fingerprint: 'cg-1|x-ray|t', remember: '35000' }])).toEqual([{ verdict: 'same', remembered: '30000' }]);
    expect(await recent.claim([{ eventId, fingerprint: 'cg-1|x-ray', remember: '30000' }])).toEqual([{ verdict: 'different' }]);
    expect(await recent.caregiverOf(eventId)).toBe('cg-1');
    // An id held as a bare fingerprint (by the build before this one) is still a retry, with nothing to hand back.
    await redis.set(`${keyPrefix}${bare}`, 'cg-2|x-ray|t', 'EX', 60);
    expect(await recent.claim([{ eventId: bare, fingerprint: 'cg-2|x-ray|t', remember: '1' }])).toEqual([{ verdict: 'same' }]);
  });

  it('judges the claims of one batch in order, each seeing the earlier ones', async () => {
    const [a, b, c] = [randomUUID(), randomUUID(), randomUUID()];
    await recent.claim([{ eventId: c, fingerprint: 'c' }]);
    const verdicts = await recent.claim([
      { eventId: a, fingerprint: 'a' },
      { eventId: b, fingerprint: 'b' },
      { eventId: a, fingerprint: 'a' },
      { eventId: b, fingerprint: 'other' },
      { eventId: c, fingerprint: 'other' },
    ]);
    expect(verdicts).toEqual([{ verdict: 'new' }, { verdict: 'new' }, { verdict: 'same' }, { verdict: 'different' }, { verdict: 'different' }]);
  });

  it("tells the caregiver of a remembered id, and nothing for one it does not hold", async () => {
    const eventId = randomUUID();
    await recent.claim([{ eventId, fingerprint: 'cg-7|x-ray|2026-03-01T10:00:00.000Z' }]);
    expect(await recent.caregiverOf(eventId.toUpperCase())).toBe('cg-7');
    expect(await recent.caregiverOf(randomUUID())).toBeUndefined();
    expect(errors).toEqual([]);
  });

  it('treats an eventId the same whatever its case', async () => {
    const eventId = randomUUID();
    await recent.claim([{ eventId, fingerprint: 'a' }]);
    expect(await recent.claim([{ eventId: eventId.toUpperCase(), fingerprint: 'b' }])).toEqual([{ verdict: 'different' }]);
  });

  it('keeps ids apart by key prefix', async () => {
    const eventId = randomUUID();
    const otherLog = new RedisRecentEventIds(redis, { keyPrefix: `${keyPrefix}other:`, ttlSeconds: TTL_SECONDS }, () => undefined);
    await recent.claim([{ eventId, fingerprint: 'a' }]);
    expect(await otherLog.claim([{ eventId, fingerprint: 'b' }])).toEqual([{ verdict: 'new' }]);
  });

  it('forgets released ids, so their next claim is new again', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    await recent.claim([{ eventId: a, fingerprint: 'a' }, { eventId: b, fingerprint: 'b' }]);
    await recent.release([a, b]);
    expect(await recent.claim([{ eventId: a, fingerprint: 'other' }, { eventId: b, fingerprint: 'b' }])).toEqual([{ verdict: 'new' }, { verdict: 'new' }]);
  });

  it('claims a full batch of 1000, and counts its request, in one call', async () => {
    await recent.claim([{ eventId: randomUUID(), fingerprint: 'loads the script' }]);
    const calls = jest.spyOn(redis, 'sendCommand');
    const claims = Array.from({ length: 1000 }, (_, i) => ({ eventId: randomUUID(), fingerprint: `fp-${i}` }));
    const charge = chargeOn(`${keyPrefix}counter`, 10);
    expect(new Set((await recent.claim(claims, charge)).map(({ verdict }) => verdict))).toEqual(new Set(['new']));
    expect(calls).toHaveBeenCalledTimes(1);
    expect(charge.counts).toEqual([expect.objectContaining({ totalHits: 1, isBlocked: false })]);
    calls.mockRestore();
  });

  it('counts on the counters @nest-lab/throttler-storage-redis keeps for the other routes, and claims nothing once the limit is spent', async () => {
    const counter = `${keyPrefix}counter`;
    const storage = new ThrottlerStorageRedisService(redis);
    await storage.increment(counter, 60_000, 3, 60_000, 'default');
    const [a, b] = [randomUUID(), randomUUID()];
    const second = chargeOn(counter, 3);
    expect(await recent.claim([{ eventId: a, fingerprint: 'a' }], second)).toEqual([{ verdict: 'new' }]);
    expect(second.counts).toEqual([{ totalHits: 2, timeToExpire: 60, isBlocked: false, timeToBlockExpire: 0 }]);
    expect(await recent.claim([], chargeOn(counter, 3))).toEqual([]);
    const spent = chargeOn(counter, 3);
    await expect(recent.claim([{ eventId: b, fingerprint: 'b' }], spent)).rejects.toThrow('spent');
    expect(spent.counts).toEqual([{ totalHits: 4, timeToExpire: 60, isBlocked: true, timeToBlockExpire: 60 }]);
    expect(await redis.exists(`${keyPrefix}${b}`)).toBe(0);
    expect((await storage.increment(counter, 60_000, 3, 60_000, 'default')).isBlocked).toBe(true);
  });

  it('sends the claims of concurrent requests together, each with its own verdicts', async () => {
    const held = randomUUID();
    await recent.claim([{ eventId: held, fingerprint: 'held' }]);
    const pipelines = jest.spyOn(redis, 'pipeline');
    const requests = Array.from({ length: 20 }, (_, i) => recent.claim([{ eventId: i === 7 ? held : randomUUID(), fingerprint: `fp-${i}` }]));
    const verdicts = await Promise.all(requests);
    expect(verdicts.flat().map(({ verdict }) => verdict)).toEqual(Array.from({ length: 20 }, (_, i) => (i === 7 ? 'different' : 'new')));
    expect(pipelines).toHaveBeenCalledTimes(2);
    pipelines.mockRestore();
  });

  it('answers no claims with no verdicts', async () => {
    expect(await recent.claim([])).toEqual([]);
    await expect(recent.release([])).resolves.toBeUndefined();
  });

  it('counts every id as new when Redis is unreachable, and reports it without throwing', async () => {
    const down = createRedis('redis://127.0.0.1:1');
    down.on('error', () => undefined);
    await down.connect().catch(() => undefined);
    const seen: Parameters<RecentEventIdsErrorFn>[] = [];
    const offline = new RedisRecentEventIds(down, { keyPrefix, ttlSeconds: TTL_SECONDS }, (...args) => seen.push(args));
    const eventId = randomUUID();
    const charge = chargeOn(`${keyPrefix}counter`, 1);
    await expect(offline.claim([{ eventId, fingerprint: 'a' }, { eventId, fingerprint: 'b' }], charge)).resolves.toEqual([{ verdict: 'new' }, { verdict: 'new' }]);
    expect(charge.counts).toEqual([undefined]);
    await expect(offline.release([eventId])).resolves.toBeUndefined();
    await expect(offline.caregiverOf(eventId)).resolves.toBeUndefined();
    expect(seen.map(([operation, error]) => [operation, error instanceof Error])).toEqual([
      ['claim', true],
      ['release', true],
      ['lookup', true],
    ]);
    down.disconnect();
  });
});

/** A charge on `counter` that records what it was told, and refuses once blocked, as the API's does with a 429. */
function chargeOn(counter: string, limit: number): RateLimitCharge & { counts: (RateLimitCount | undefined)[] } {
  const counts: (RateLimitCount | undefined)[] = [];
  return {
    hitKey: `{${counter}:default}:hits`,
    blockKey: `{${counter}:default}:blocked`,
    limit,
    windowMs: 60_000,
    counts,
    settle(count) {
      counts.push(count);
      if (count?.isBlocked) throw new Error('spent');
    },
  };
}
