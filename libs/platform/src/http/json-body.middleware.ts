import { json } from 'express';
import { answerBodyParseFailure, TOO_DEEP } from './body-parse-failure';
import { exceedsJsonDepth } from './json-depth';

export const BODY_LIMIT = '1mb';

/**
 * Express's JSON parser with its failures answered as problems right here: past this point Nest
 * turns them into generic 400s that can no longer be told apart from validation errors. The depth
 * is checked on the bytes before they are parsed (json-depth).
 */
export function jsonBodyMiddleware() {
  const parse = json({
    limit: BODY_LIMIT,
    type: ['application/json', 'application/*+json'],
    verify: (_request, _response, body) => {
      if (exceedsJsonDepth(body)) throw Object.assign(new Error('nested too deeply'), { status: 400, type: TOO_DEEP });
    },
  });
  return [parse, answerBodyParseFailure(`The request body is larger than ${BODY_LIMIT}.`)];
}
