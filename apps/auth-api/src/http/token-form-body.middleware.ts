import { jsonContentTypeMiddleware } from '@reimbursements/platform/http/json-content-type.middleware';
import { problem, PROBLEM_CONTENT_TYPE } from '@reimbursements/platform/http/problem';
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
  const answerParseFailure = (error: { type?: string }, request: Request, response: Response, next: NextFunction) => {
    const answer =
      error.type === 'entity.too.large' || error.type === 'parameters.too.many'
        ? problem('payload-too-large', 413, 'Payload too large', `A token request is at most ${FORM_LIMIT} and 20 fields.`)
        : error.type === 'encoding.unsupported' || error.type === 'charset.unsupported'
          ? problem('unsupported-media-type', 415, 'Unsupported media type', 'Send the form as UTF-8.')
          : undefined;
    if (!answer) {
      next(error);
      return;
    }
    response.status(answer.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify({ ...answer, instance: request.originalUrl.split('?')[0] }));
  };
  return [parse, answerParseFailure];
}

/** The shared JSON-only rule, except for form bodies sent to `formPath`. */
export function contentTypeMiddleware(formPath: string) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (request.path === formPath && isForm(request)) next();
    else jsonContentTypeMiddleware(request, response, next);
  };
}
