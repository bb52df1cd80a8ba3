import { NextFunction, Request, Response } from 'express';
import { problem } from './problem';
import { sendProblem } from './send-problem';

const JSON_TYPE = /^application\/([\w.+-]*\+)?json\s*(;|$)/i;

/** A body in any other content type would reach the handlers as `{}`: refuse it with 415. */
export const jsonContentTypeMiddleware = jsonContentType('Send the body as application/json.');

/** The same rule, with the 415's detail saying what the route takes. */
export function jsonContentType(detail: string) {
  return (request: Request, response: Response, next: NextFunction): void => {
    const hasBody = Number(request.headers['content-length'] ?? 0) > 0 || request.headers['transfer-encoding'] !== undefined;
    if (!['POST', 'PUT', 'PATCH'].includes(request.method) || !hasBody || JSON_TYPE.test(request.headers['content-type'] ?? '')) {
      next();
      return;
    }
    sendProblem(request, response, problem('unsupported-media-type', 415, 'Unsupported media type', detail));
  };
}
