import { Request, Response } from 'express';
import { Answered, recordingResponse } from '../testing/recording-response';
import { problem } from './problem';
import { problemMembersFor, sendProblem } from './send-problem';

function answer(prepare: (request: Request, response: Response) => void, sent = problem('invalid-input', 400, 'Invalid input', 'No.')) {
  const answered: Answered = { headers: {} };
  const response = recordingResponse(answered);
  const request = { originalUrl: '/v1/auth/token?x=1', path: '/' } as Request;
  prepare(request, response);
  sendProblem(request, response, sent, { 'Retry-After': '5' });
  return { ...answered, body: JSON.parse(answered.body ?? '{}') as Record<string, unknown> };
}

describe('sendProblem', () => {
  it('writes the problem with its status, headers and the path asked as instance', () => {
    expect(answer(() => undefined)).toEqual({
      status: 400,
      headers: { 'Retry-After': '5', 'Content-Type': 'application/problem+json' },
      body: { type: expect.stringMatching(/invalid-input$/), title: 'Invalid input', status: 400, detail: 'No.', instance: '/v1/auth/token' },
    });
  });

  it('names the path alone when the request line was an absolute URL', () => {
    const answered: Answered = { headers: {} };
    sendProblem({ originalUrl: 'http://elsewhere.example/v1/events?x=1', path: '/v1/events' } as Request, recordingResponse(answered), problem('not-found', 404, 'Not found', 'No.'));
    expect(JSON.parse(answered.body ?? '{}')).toMatchObject({ instance: '/v1/events' });
  });

  it("adds the members of the route's problemMembersFor, never over the problem's own", () => {
    const members = problemMembersFor((p) => (p.status === 400 ? { error: 'invalid_request', title: 'not this one' } : {}));
    const added = answer((request, response) => members(request, response, () => undefined));
    expect(added.body).toMatchObject({ error: 'invalid_request', title: 'Invalid input' });
    const own = answer((request, response) => members(request, response, () => undefined), { ...problem('invalid-input', 400, 'Invalid input', 'No.'), error: 'unsupported_grant_type' } as never);
    expect(own.body).toMatchObject({ error: 'unsupported_grant_type' });
    const notFor = answer((request, response) => members(request, response, () => undefined), problem('too-many-attempts', 429, 'Too many', 'Later.'));
    expect(notFor.body).not.toHaveProperty('error');
  });
});
