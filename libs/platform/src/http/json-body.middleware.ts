import { json } from 'express';
import { isUtf8 } from 'node:buffer';
import { answerBodyParseFailure, NOT_UTF8, TOO_DEEP } from './body-parse-failure';
import { exceedsJsonDepth } from './json-depth';

export const BODY_LIMIT = '1mb';

/**
 * Express's JSON parser with its failures answered as problems right here: past this point Nest
 * turns them into generic 400s that can no longer be told apart from validation errors. The bytes
 * are checked before they are decoded: they must be UTF-8 (RFC 8259; the parser would take UTF-16
 * too, and would turn ill-formed UTF-8 into U+FFFD and store that), and not nested too deeply
 * (json-depth).
 */
export function jsonBodyMiddleware() {
  const parse = json({
    limit: BODY_LIMIT,
    type: ['application/json', 'application/*+json'],
    verify: (_request, _response, body, charset) => {
      if (charset !== 'utf-8' && charset !== 'utf8') throw Object.assign(new Error(`charset ${charset}`), { status: 415, type: 'charset.unsupported' });
      if (!isUtf8(body)) throw Object.assign(new Error('not UTF-8'), { status: 400, type: NOT_UTF8 });
      if (exceedsJsonDepth(body)) throw Object.assign(new Error('nested too deeply'), { status: 400, type: TOO_DEEP });
    },
  });
  return [parse, answerBodyParseFailure(`The request body is larger than ${BODY_LIMIT}.`)];
}
