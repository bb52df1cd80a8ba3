import { jsonContentType, jsonContentTypeMiddleware } from '@reimbursements/platform/http/json-content-type.middleware';
import { answerBodyParseFailure, FORM_NOT_UTF8 } from '@reimbursements/platform/http/body-parse-failure';
import { NextFunction, Request, Response, urlencoded } from 'express';
import { isUtf8 } from 'node:buffer';

const FORM_TYPE = /^application\/x-www-form-urlencoded\s*(;|$)/i;
const FORM_LIMIT = '16kb';

function isForm(request: Request): boolean {
  return FORM_TYPE.test(request.headers['content-type'] ?? '');
}

/**
 * The token endpoint takes form bodies too (RFC 6749 §4.3.2); everything else stays JSON-only. A
 * flat parser (no nested objects), a small limit: a token request is a handful of short fields.
 */
export function tokenFormBodyMiddleware() {
  const parse = urlencoded({
    extended: false,
    limit: FORM_LIMIT,
    parameterLimit: 20,
    verify: (_request, _response, body) => {
      const field = malformedFormField(body);
      if (field !== undefined) throw Object.assign(new Error('not UTF-8'), { status: 400, type: FORM_NOT_UTF8, field });
    },
  });
  return [parse, answerBodyParseFailure(`A token request is at most ${FORM_LIMIT} and 20 fields.`)];
}

/**
 * The first field of a form body whose bytes or percent-escapes do not make well-formed UTF-8
 * (`body` when it cannot be named): the parser would decode them to U+FFFD, so that a password
 * holding `%FF` would be checked as another password instead of refused.
 */
export function malformedFormField(body: Buffer): string | undefined {
  if (!isUtf8(body)) return 'body';
  for (const pair of body.toString('utf8').split('&')) {
    const [name] = pair.split('=', 1);
    if (decoded(pair) === undefined) return decoded(name) ?? 'body';
  }
  return undefined;
}

function decoded(text: string): string | undefined {
  try {
    return decodeURIComponent(text.replace(/\+/g, ' '));
  } catch {
    return undefined;
  }
}

const formOrJson = jsonContentType('Send the token request as application/x-www-form-urlencoded (or application/json).');

/** The shared JSON-only rule, except for form bodies sent to `formPath`. */
export function contentTypeMiddleware(formPath: string) {
  return (request: Request, response: Response, next: NextFunction): void => {
    // Express routes `/v1/auth/TOKEN/` to the token endpoint too (case-insensitive, a trailing slash allowed).
    const toForm = request.path.replace(/\/$/, '').toLowerCase() === formPath.toLowerCase();
    if (toForm && isForm(request)) next();
    else (toForm ? formOrJson : jsonContentTypeMiddleware)(request, response, next);
  };
}
