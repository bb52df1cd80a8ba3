import { problem, ProblemException } from '@reimbursements/platform/http/problem';

const REALM = 'caregiver-reimbursements';

/** 401: no token, or one this service does not accept (RFC 6750's challenge in WWW-Authenticate). */
export function unauthorized(tokenPresented: boolean): ProblemException {
  return new ProblemException(
    problem(
      'unauthorized',
      401,
      'Unauthorized',
      tokenPresented
        ? 'The access token is not valid: expired, not issued for this service, or its principal is no longer active.'
        : 'This request needs an access token: send Authorization: Bearer <token> (POST /v1/auth/token gives one).',
    ),
    { 'WWW-Authenticate': tokenPresented ? `Bearer realm="${REALM}", error="invalid_token"` : `Bearer realm="${REALM}"` },
  );
}

/** 403: a valid principal without a role this request needs. */
export function forbidden(detail = 'Your roles do not allow this request.'): ProblemException {
  return new ProblemException(problem('forbidden', 403, 'Forbidden', detail));
}

/** 503: the token cannot be judged right now (the issuer's keys or the principal directory did not answer). */
export function verificationUnavailable(retryAfterSeconds = 5): ProblemException {
  return new ProblemException(
    problem('dependency-unavailable', 503, 'Service unavailable', 'The access token cannot be verified right now; retry shortly.'),
    { 'Retry-After': String(retryAfterSeconds) },
  );
}
