import { ArgumentsHost, BadRequestException, InternalServerErrorException, Logger, ServiceUnavailableException } from '@nestjs/common';
import { Answered, recordingResponse } from '../testing/recording-response';
import { ProblemDetailsFilter } from './problem-details.filter';

function hostFor(path: string, answered: Answered): ArgumentsHost {
  const response = recordingResponse(answered);
  return { switchToHttp: () => ({ getResponse: () => response, getRequest: () => ({ path, originalUrl: path }) }) } as unknown as ArgumentsHost;
}

describe('ProblemDetailsFilter', () => {
  let warn: jest.SpyInstance;
  let error: jest.SpyInstance;

  beforeEach(() => {
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    error = jest.spyOn(Logger.prototype, 'error').mockImplementation(() => undefined);
  });

  afterEach(() => jest.restoreAllMocks());

  it('answers a failed readiness check 503 as a problem and logs it at warn, without a stack', () => {
    const answered: Answered = { headers: {} };
    const result = { status: 'error', info: {}, error: { mongodb: { status: 'down' } }, details: { mongodb: { status: 'down' } } };
    new ProblemDetailsFilter().catch(new ServiceUnavailableException(result), hostFor('/health/ready', answered));
    expect(answered.status).toBe(503);
    expect(answered.headers['Content-Type']).toBe('application/problem+json');
    expect(JSON.parse(answered.body ?? '{}')).toMatchObject({ status: 503, instance: '/health/ready' });
    expect(error).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledWith({ path: '/health/ready', checks: { mongodb: { status: 'down' } } }, 'answered 503: not ready');
    expect(JSON.stringify(warn.mock.calls)).not.toContain('at ');
  });

  it('logs any other failure of the server at error, with what was thrown', () => {
    const answered: Answered = { headers: {} };
    const thrown = new InternalServerErrorException('boom');
    new ProblemDetailsFilter().catch(thrown, hostFor('/v1/events', answered));
    expect(answered.status).toBe(500);
    expect(JSON.parse(answered.body ?? '{}')).toMatchObject({ status: 500, detail: 'The request failed unexpectedly.' });
    expect(warn).not.toHaveBeenCalled();
    expect(error).toHaveBeenCalledWith(expect.objectContaining({ err: thrown, path: '/v1/events' }), 'answered 500');
  });

  it('names the path when a path parameter is not well-formed percent-encoding, without echoing it', () => {
    const answered: Answered = { headers: {} };
    new ProblemDetailsFilter().catch(new BadRequestException("Failed to decode param '%E0%A4%A'"), hostFor('/v1/events/%E0%A4%A', answered));
    expect(answered.status).toBe(400);
    const body = JSON.parse(answered.body ?? '{}') as { detail: string; errors: unknown[] };
    expect(body).toMatchObject({ status: 400, errors: [{ field: 'path', message: expect.any(String) }] });
    expect(body.detail).not.toContain('%E0');
    expect(error).not.toHaveBeenCalled();
  });
});
