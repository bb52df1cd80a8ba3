import { jsonContentTypeMiddleware } from '@reimbursements/platform/http/json-content-type.middleware';
import { answerBodyParseFailure } from '@reimbursements/platform/http/body-parse-failure';
import { NextFunction, Request, Response, urlencoded } from 'express';

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
  const parse = urlencoded({ extended: false, limit: FORM_LIMIT, parameterLimit: 20 });
  return [parse, answerBodyParseFailure(`A token request is at most ${FORM_LIMIT} and 20 fields.`)];
}

/** The shared JSON-only rule, except for form bodies sent to `formPath`. */
export function contentTypeMiddleware(formPath: string) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.path === formPath && isForm(request)) next();
    else jsonContentTypeMiddleware(request, response, next);
  };
}
