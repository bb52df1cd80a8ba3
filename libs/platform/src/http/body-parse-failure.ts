import { Logger } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { Problem, problem } from './problem';
import { sendProblem } from './send-problem';

/** What Express's body parsers (body-parser, raw-body, http-errors) attach to the errors they raise. */
export interface BodyParseError {
  type?: string;
  status?: number;
  message?: string;
  /** The field at fault, when the check that refused the body knows it. */
  field?: string;
}

/** A body nested deeper than the validators can walk (see json-depth). */
export const TOO_DEEP = 'entity.too.deep';
/** A body whose bytes are not well-formed UTF-8 (a lone surrogate's bytes, an overlong NUL). */
export const NOT_UTF8 = 'entity.not.utf8';
/** A form body with a field whose percent-escapes do not make well-formed UTF-8 (`%FF`, an overlong `%C0%80`). */
export const FORM_NOT_UTF8 = 'entity.form.not.utf8';

const logger = new Logger('RequestBody');

/**
 * The problem for a body the parser refused. Every failure of the client's own making is a 4xx:
 * besides the parser's named kinds, a body whose Content-Encoding (gzip, br, deflate) does not
 * match its bytes fails in zlib with a bare 400 and no type, and must not fall through to a 500.
 */
export function bodyParseProblem(error: BodyParseError, tooLargeDetail: string): Problem | undefined {
  switch (error.type) {
    case 'entity.parse.failed':
      return problem('malformed-json', 400, 'Malformed JSON', 'The request body is not valid JSON.');
    case TOO_DEEP:
      return problem('malformed-json', 400, 'Malformed JSON', 'The request body nests objects and arrays too deeply.');
    case NOT_UTF8:
      return problem('malformed-json', 400, 'Malformed JSON', 'The request body is not well-formed UTF-8.');
    case FORM_NOT_UTF8:
      return problem('invalid-input', 400, 'Invalid input', 'A form field is not well-formed percent-encoded UTF-8.', [
        { field: error.field ?? 'body', message: 'not well-formed percent-encoded UTF-8' },
      ]);
    case 'entity.too.large':
    case 'parameters.too.many':
      return problem('payload-too-large', 413, 'Payload too large', tooLargeDetail);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return problem('unsupported-media-type', 415, 'Unsupported media type', 'Send the body as UTF-8, uncompressed or in gzip, br or deflate.');
  }
  if (error.status !== undefined && error.status >= 400 && error.status < 500) {
    return problem('malformed-body', 400, 'Malformed body', 'The request body could not be decoded as its Content-Encoding says.');
  }
  return undefined;
}

/**
 * An Express error handler for a body parser: answers its refusals as problems right here (past this
 * point Nest turns them into generic answers), and logs each at warn, without a stack: a malformed
 * request is the client's mistake, not the server's.
 */
export function answerBodyParseFailure(tooLargeDetail: string) {
  return (error: BodyParseError, request: Request, response: Response, next: NextFunction): void => {
    const answer = bodyParseProblem(error, tooLargeDetail);
    if (!answer) {
      next(error);
      return;
    }
    const path = request.originalUrl.split('?')[0];
    logger.warn({ path, status: answer.status, problem: answer.type, reason: error.type ?? error.message }, 'refused a request body');
    sendProblem(request, response, answer);
  };
}
