import { clientErrorProblem } from './client-error-problems';

describe('clientErrorProblem', () => {
  it('answers a request line and headers over the limit with 431', () => {
    expect(clientErrorProblem('HPE_HEADER_OVERFLOW')).toMatchObject({ status: 431, type: expect.stringMatching(/request-header-fields-too-large$/) });
  });

  it('answers a request that did not arrive in time with 408, anything else the parser refused with 400', () => {
    expect(clientErrorProblem('ERR_HTTP_REQUEST_TIMEOUT').status).toBe(408);
    expect(clientErrorProblem('HPE_INVALID_METHOD')).toMatchObject({ status: 400, type: expect.stringMatching(/malformed-request$/) });
    expect(clientErrorProblem(undefined).status).toBe(400);
  });
});
