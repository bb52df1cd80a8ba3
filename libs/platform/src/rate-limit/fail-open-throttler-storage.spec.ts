import { Logger } from '@nestjs/common';
import { ThrottlerStorage } from '@nestjs/throttler';
import { FailOpenThrottlerStorage } from './fail-open-throttler-storage';

describe('FailOpenThrottlerStorage', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  it('answers what the counters answer', async () => {
    const record = { totalHits: 3, timeToExpire: 40, isBlocked: false, timeToBlockExpire: 0 };
    const counters: ThrottlerStorage = { increment: async () => record };
    await expect(new FailOpenThrottlerStorage(counters).increment('k', 60_000, 10, 60_000, 'default')).resolves.toBe(record);
  });

  it('lets the request through uncounted when the counters do not answer', async () => {
    const counters: ThrottlerStorage = {
      increment: async () => {
        throw new Error("Stream isn't writeable");
      },
    };
    const storage = new FailOpenThrottlerStorage(counters);
    await expect(storage.increment('k', 60_000, 10, 60_000, 'default')).resolves.toEqual({
      totalHits: 0,
      timeToExpire: 60,
      isBlocked: false,
      timeToBlockExpire: 0,
    });
  });
});
