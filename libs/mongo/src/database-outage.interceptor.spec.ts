import { ProblemException } from '@reimbursements/platform/http/problem';
import { CallHandler, ExecutionContext, Logger } from '@nestjs/common';
import { MongoNetworkError, MongoServerError } from 'mongodb';
import { lastValueFrom, throwError } from 'rxjs';
import { DependencyOutageInterceptor } from './database-outage.interceptor';

describe('DependencyOutageInterceptor', () => {
  beforeAll(() => Logger.overrideLogger(false));
  afterAll(() => Logger.overrideLogger(true));

  const outcome = (error: Error) =>
    lastValueFrom(new DependencyOutageInterceptor().intercept({} as ExecutionContext, { handle: () => throwError(() => error) } as CallHandler)).catch(
      (e: unknown) => e,
    );

  it('answers an unreachable database with 503 and Retry-After, without the driver message', async () => {
    const answer = await outcome(new MongoNetworkError('connect ECONNREFUSED 10.0.0.7:27017'));
    expect(answer).toBeInstanceOf(ProblemException);
    expect((answer as ProblemException).problem).toMatchObject({ status: 503 });
    expect((answer as ProblemException).headers).toEqual({ 'Retry-After': '5' });
    expect(JSON.stringify((answer as ProblemException).problem)).not.toContain('10.0.0.7');
  });

  it('lets every other failure through unchanged', async () => {
    const refused = new MongoServerError({ message: 'duplicate key', code: 11000 });
    expect(await outcome(refused)).toBe(refused);
  });
});
