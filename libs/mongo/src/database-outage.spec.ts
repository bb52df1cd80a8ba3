import { ProblemDetailsFilter } from '@reimbursements/platform/http/problem-details.filter';
import { Answered, recordingResponse } from '@reimbursements/platform/testing/recording-response';
import { ArgumentsHost, Logger } from '@nestjs/common';
import { MongoNetworkError, MongoServerError, MongoServerSelectionError, TopologyDescription } from 'mongodb';
import { isDatabaseOutage } from './database-outage';

describe('isDatabaseOutage', () => {
  let logged: jest.SpyInstance;
  beforeEach(() => (logged = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined)));
  afterEach(() => jest.restoreAllMocks());

  function answer(error: Error): Answered {
    const answered: Answered = { headers: {} };
    const response = recordingResponse(answered);
    const host = { switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ path: '/v1/reports/monthly', originalUrl: '/v1/reports/monthly' }) }) } as unknown as ArgumentsHost;
    new ProblemDetailsFilter(isDatabaseOutage).catch(error, host);
    return answered;
  }

  it('names an unreachable database, and nothing else', () => {
    expect(isDatabaseOutage(new MongoNetworkError('connect ECONNREFUSED 10.0.0.7:27017'))).toBe(true);
    expect(isDatabaseOutage(new MongoServerSelectionError('Server selection timed out', { type: 'Unknown' } as unknown as TopologyDescription))).toBe(true);
    expect(isDatabaseOutage(new MongoServerError({ message: 'duplicate key', code: 11000 }))).toBe(false);
    expect(isDatabaseOutage(new Error('connect ECONNREFUSED'))).toBe(false);
  });

  it('makes the problem filter answer 503 with Retry-After, without the driver message, which goes to the log alone', () => {
    const answered = answer(new MongoNetworkError('connect ECONNREFUSED 10.0.0.7:27017'));
    expect(answered.status).toBe(503);
    expect(answered.headers).toMatchObject({ 'Retry-After': '5', 'Content-Type': 'application/problem+json' });
    expect(JSON.parse(answered.body ?? '{}')).toMatchObject({ type: expect.stringContaining('dependency-unavailable'), status: 503, instance: '/v1/reports/monthly' });
    expect(answered.body).not.toContain('10.0.0.7');
    expect(logged).toHaveBeenCalledWith({ reason: 'connect ECONNREFUSED 10.0.0.7:27017', path: '/v1/reports/monthly' }, 'answered 503: a server this request needs did not answer');
  });

  it('leaves every other failure of the driver a 500', () => {
    expect(answer(new MongoServerError({ message: 'duplicate key', code: 11000 })).status).toBe(500);
  });
});
