import { ProblemException } from '@reimbursements/platform/http/problem';
import { Response } from 'express';
import { DeferredRateLimitCharge } from './rate-limit-charge';

describe('DeferredRateLimitCharge', () => {
  let headers: Record<string, unknown>;
  let increments: string[];
  let blocked: boolean;

  const charge = () =>
    new DeferredRateLimitCharge(
      'rate-limit:api:abc',
      10,
      60_000,
      { setHeader: (name: string, value: unknown) => (headers[name] = value) } as unknown as Response,
      {
        increment: async (key: string) => {
          increments.push(key);
          return { totalHits: 4, timeToExpire: 50, isBlocked: blocked, timeToBlockExpire: blocked ? 30 : 0 };
        },
      },
    );

  beforeEach(() => {
    headers = {};
    increments = [];
    blocked = false;
  });

  it('names the counter keys the throttler uses for every other route', () => {
    expect(charge()).toMatchObject({ hitKey: '{rate-limit:api:abc:default}:hits', blockKey: '{rate-limit:api:abc:default}:blocked' });
  });

  it('takes the count a claim brought back, and counts no more', async () => {
    const taken = charge();
    await expect(taken.around(async () => taken.settle({ totalHits: 3, timeToExpire: 20, isBlocked: false, timeToBlockExpire: 0 }))).resolves.toBeUndefined();
    expect(increments).toEqual([]);
    expect(headers).toEqual({ 'RateLimit-Limit': '10', 'RateLimit-Remaining': '7', 'RateLimit-Reset': '20' });
  });

  it('counts a request whose work ended without a claim, answered or refused', async () => {
    await expect(charge().around(async () => 'answered')).resolves.toBe('answered');
    const refusal = new Error('invalid body');
    await expect(charge().around(async () => Promise.reject(refusal))).rejects.toBe(refusal);
    expect(increments).toEqual(['rate-limit:api:abc', 'rate-limit:api:abc']);
    expect(headers['RateLimit-Remaining']).toBe('6');
  });

  it('answers 429 in place of a refusal once the limit is spent', async () => {
    blocked = true;
    const answer = await charge()
      .around(async () => Promise.reject(new Error('invalid body')))
      .catch((error: unknown) => error);
    expect(answer).toBeInstanceOf(ProblemException);
    expect((answer as ProblemException).problem.status).toBe(429);
    expect((answer as ProblemException).headers['Retry-After']).toBe('30');
  });

  it('lets a request through uncounted when the counter did not answer', async () => {
    const taken = charge();
    await taken.around(async () => taken.settle(undefined));
    expect(increments).toEqual([]);
    expect(headers).toEqual({});
  });
});
