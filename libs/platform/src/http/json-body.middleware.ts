import { json, NextFunction, Request, Response } from 'express';
import { problem, PROBLEM_CONTENT_TYPE } from './problem';

export const BODY_LIMIT = '1mb';

/**
 * Express's JSON parser with its failures answered as problems right here: past this point Nest
 * turns them into generic 400s that can no longer be told apart from validation errors.
 */
export function jsonBodyMiddleware() {
  const parse = json({ limit: BODY_LIMIT, type: ['application/json', 'application/*+json'] });
  const answerParseFailure = (error: { type?: string }, request: Request, response: Response, next: NextFunction) => {
    const answer =
      error.type === 'entity.parse.failed'
        ? problem('malformed-json', 400, 'Malformed JSON', 'The request body is not valid JSON.')
        : error.type === 'entity.too.large'
          ? problem('payload-too-large', 413, 'Payload too large', `The request body is larger than ${BODY_LIMIT}.`)
          : error.type === 'encoding.unsupported' || error.type === 'charset.unsupported'
            ? problem('unsupported-media-type', 415, 'Unsupported media type', 'Send the body as UTF-8 JSON.')
            : undefined;
    if (!answer) {
      next(error);
      return;
    }
    response.status(answer.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify({ ...answer, instance: request.path }));
  };
  return [parse, answerParseFailure];
}
