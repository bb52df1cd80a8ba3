import { ProblemException } from '@reimbursements/platform/http/problem';
import { parseTokenRequest } from './token-request';

const refusal = (body: unknown, authorization?: string) => {
  try {
    parseTokenRequest(body, authorization);
  } catch (error) {
    if (error instanceof ProblemException) return error.problem as unknown as Record<string, unknown>;
    throw error;
  }
  throw new Error('accepted');
};

describe('parseTokenRequest', () => {
  it('reads a password grant, ignoring scope', () => {
    expect(parseTokenRequest({ grant_type: 'password', username: 'alice', password: 'pw', scope: 'x' }, undefined)).toEqual({
      grant: 'password',
      username: 'alice',
      password: 'pw',
    });
  });

  it('reads a client credentials grant from the body or from HTTP Basic', () => {
    expect(parseTokenRequest({ grant_type: 'client_credentials', client_id: 'c1', client_secret: 's:1' }, undefined)).toEqual({
      grant: 'client_credentials',
      clientId: 'c1',
      clientSecret: 's:1',
    });
    const basic = `Basic ${Buffer.from('c1:s%3A1').toString('base64')}`;
    expect(parseTokenRequest({ grant_type: 'client_credentials' }, basic)).toEqual({ grant: 'client_credentials', clientId: 'c1', clientSecret: 's:1' });
  });

  it('refuses a missing or unknown grant type with the OAuth error code', () => {
    expect(refusal({})).toMatchObject({ status: 400, error: 'invalid_request', errors: [{ field: 'grant_type', message: 'is required' }] });
    expect(refusal({ grant_type: 'authorization_code' })).toMatchObject({ status: 400, error: 'unsupported_grant_type' });
    expect(refusal(undefined)).toMatchObject({ status: 400, error: 'invalid_request' });
  });

  it('refuses a grant type given twice, or not as a string, as a malformed request (RFC 6749 §3.2), not an unsupported grant', () => {
    for (const grant_type of [['password', 'password'], ['password'], 1]) {
      expect(refusal({ grant_type, username: 'alice', password: 'pw' })).toMatchObject({
        status: 400,
        error: 'invalid_request',
        errors: [{ field: 'grant_type', message: 'must be a string (given once)' }],
      });
    }
  });

  it('names missing, repeated and unknown fields', () => {
    expect(refusal({ grant_type: 'password', username: 'alice', password: ['a', 'b'], role: 'admin' })).toMatchObject({
      status: 400,
      errors: [
        { field: 'role', message: 'unknown field' },
        { field: 'password', message: 'must be a string (given once)' },
      ],
    });
    expect(refusal({ grant_type: 'client_credentials', client_id: 'c1' })).toMatchObject({ errors: [{ field: 'client_secret', message: 'is required' }] });
  });

  it('refuses client credentials given both ways', () => {
    const basic = `Basic ${Buffer.from('c1:s').toString('base64')}`;
    expect(refusal({ grant_type: 'client_credentials', client_id: 'c1', client_secret: 's' }, basic)).toMatchObject({ status: 400 });
  });

  it('bounds the length of what it will hash', () => {
    expect(refusal({ grant_type: 'password', username: 'alice', password: 'x'.repeat(1025) })).toMatchObject({ status: 400 });
  });

  it('never puts a given value in its answer', () => {
    expect(JSON.stringify(refusal({ grant_type: 'password', username: 'alice', password: 'hunter2hunter2', extra: 'hunter2hunter2' }))).not.toContain(
      'hunter2',
    );
  });
});
