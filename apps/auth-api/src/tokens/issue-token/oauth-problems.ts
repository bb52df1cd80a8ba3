import { FieldError } from '@reimbursements/domain/validation/field-error';
import { Problem, problem, ProblemException } from '@reimbursements/platform/http/problem';
import { refusedRateLimitHeaders } from '@reimbursements/platform/rate-limit/rate-limit-headers';

/** RFC 6749 §5.2 error codes, carried as an extension member of the problem for OAuth clients. */
export type OAuthErrorCode = 'invalid_request' | 'unsupported_grant_type' | 'invalid_grant' | 'invalid_client';

/**
 * The code of a problem the token endpoint answers before its own checks: a body that does not parse,
 * is too large or in another content type, a reserved key, a query parameter. Each is a malformed
 * request (invalid_request), so that an OAuth client finds a code in every 400 it gets (§5.2).
 */
export function oauthErrorMembers(problem: Problem): { error?: OAuthErrorCode } {
  return [400, 413, 415].includes(problem.status) ? { error: 'invalid_request' } : {};
}

function oauthProblem(base: Problem, error: OAuthErrorCode): Problem {
  return { ...base, error } as Problem;
}

export function invalidTokenRequest(errors: FieldError[]): ProblemException {
  return new ProblemException(
    oauthProblem(problem('invalid-input', 400, 'Invalid input', 'The token request is not valid.', errors), 'invalid_request'),
  );
}

export function unsupportedGrantType(): ProblemException {
  return new ProblemException(
    oauthProblem(
      problem('unsupported-grant-type', 400, 'Unsupported grant type', 'grant_type must be password or client_credentials.', [
        { field: 'grant_type', message: 'must be password or client_credentials' },
      ]),
      'unsupported_grant_type',
    ),
  );
}

/**
 * One answer for every refused credential: unknown account, wrong password or secret, disabled
 * user, revoked client. Nothing in it tells them apart.
 */
export function invalidCredentials(kind: 'user' | 'client'): ProblemException {
  return new ProblemException(
    oauthProblem(
      problem('invalid-credentials', 401, 'Invalid credentials', 'The credentials are not valid.'),
      kind === 'user' ? 'invalid_grant' : 'invalid_client',
    ),
    kind === 'client' ? { 'WWW-Authenticate': 'Basic realm="caregiver-reimbursements"' } : {},
  );
}

export function tooManyAttempts(retryAfterSeconds: number, limit: number): ProblemException {
  return new ProblemException(
    problem('too-many-attempts', 429, 'Too many failed attempts', 'Too many failed sign-in attempts; retry after the indicated delay.'),
    refusedRateLimitHeaders(limit, retryAfterSeconds),
  );
}

/** The throttle's store (Redis) did not answer: refusing is safer than letting guesses through unthrottled. */
export function signInUnavailable(): ProblemException {
  return new ProblemException(
    problem('dependency-unavailable', 503, 'Service unavailable', 'Sign-in is unavailable right now; retry shortly.'),
    { 'Retry-After': '5' },
  );
}
