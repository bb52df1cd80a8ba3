import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { DependencyUnavailableError } from '@reimbursements/domain/errors/dependency-unavailable.error';
import { PositionNotReachedError } from '@reimbursements/domain/errors/position-not-reached.error';
import { ArgumentsHost, BadRequestException, Catch, ExceptionFilter, HttpException, HttpStatus, Logger, ServiceUnavailableException } from '@nestjs/common';
import { Request, Response } from 'express';
import { domainProblem } from './domain-problem';
import { Problem, problem, ProblemException } from './problem';
import { sendProblem } from './send-problem';

/** How Nest passes on the router's URIError for a path parameter such as `%E0%A4%A` (its message names the value, not the parameter). */
const MALFORMED_PATH_PARAMETER = /^Failed to decode param '/;

const HTTP_PROBLEMS: Record<number, { kind: string; title: string }> = {
  400: { kind: 'invalid-input', title: 'Invalid input' },
  404: { kind: 'not-found', title: 'Not found' },
  405: { kind: 'method-not-allowed', title: 'Method not allowed' },
  413: { kind: 'payload-too-large', title: 'Payload too large' },
  415: { kind: 'unsupported-media-type', title: 'Unsupported media type' },
};

/** Whether a failure thrown by a driver means that its server could not be reached (an app's adapters know their drivers' errors). */
export type OutageTest = (error: unknown) => boolean;

/**
 * The one place where failures become HTTP answers: application/problem+json, with a stable type,
 * and never a stack trace, a driver message or an internal name. A failure that `isOutage` names
 * (a database that does not answer) is a 503 with Retry-After, not a 500: the client may retry.
 */
@Catch()
export class ProblemDetailsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Problems');

  constructor(private readonly isOutage: OutageTest = () => false) {}

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const request = http.getRequest<Request>();
    const outage = this.isOutage(exception);
    const { body, headers } = outage ? dependencyUnavailable(5) : this.toProblem(exception);
    const notReady = readinessFailure(exception);
    if (notReady) {
      // A state, not a fault: asked every few seconds for as long as a dependency is down.
      this.logger.warn({ path: request.path, checks: notReady.error }, `answered ${body.status}: not ready`);
    } else if (outage) {
      // The driver's message only: its error object may carry the connection's options.
      this.logger.error({ reason: (exception as Error).message, path: request.path }, `answered ${body.status}: a server this request needs did not answer`);
    } else if (body.status >= 500) {
      const cause = exception instanceof DependencyUnavailableError ? exception.cause : undefined;
      this.logger.error({ err: exception, cause, path: request.path }, `answered ${body.status}`);
    }
    if (response.headersSent) return;
    sendProblem(request, response, body, headers);
  }

  private toProblem(exception: unknown): { body: Problem; headers: Record<string, string> } {
    if (exception instanceof ProblemException) return { body: exception.problem, headers: exception.headers };
    if (exception instanceof DomainError) {
      return { body: domainProblem(exception), headers: {} };
    }
    if (exception instanceof PositionNotReachedError) {
      return {
        body: problem(
          'position-not-reached',
          503,
          'Not yet visible',
          'The read models do not reflect the requested position yet; retry after the indicated delay.',
        ),
        headers: { 'Retry-After': String(exception.retryAfterSeconds) },
      };
    }
    if (exception instanceof DependencyUnavailableError || (exception instanceof HttpException && exception.getStatus() === 503)) {
      return dependencyUnavailable(exception instanceof DependencyUnavailableError ? exception.retryAfterSeconds : 5);
    }
    if (exception instanceof BadRequestException && MALFORMED_PATH_PARAMETER.test(exception.message)) {
      const errors = [{ field: 'path', message: 'holds a % not followed by the UTF-8 of a character' }];
      return { body: problem('invalid-input', 400, 'Invalid input', 'The path is not well-formed percent-encoding.', errors), headers: {} };
    }
    if (exception instanceof HttpException) {
      const status = exception.getStatus();
      const known = HTTP_PROBLEMS[status];
      if (known) return { body: problem(known.kind, status, known.title, safeDetail(exception, known.title)), headers: {} };
      if (status < 500) return { body: problem('client-error', status, 'Request refused', exception.message), headers: {} };
    }
    return {
      body: problem('internal', HttpStatus.INTERNAL_SERVER_ERROR, 'Internal error', 'The request failed unexpectedly.'),
      headers: {},
    };
  }
}

function dependencyUnavailable(retryAfterSeconds: number): { body: Problem; headers: Record<string, string> } {
  return {
    body: problem(
      'dependency-unavailable',
      503,
      'Service unavailable',
      'A server this request needs did not answer. If this was a write, it may or may not have happened: retry with the same ids.',
    ),
    headers: { 'Retry-After': String(retryAfterSeconds) },
  };
}

/** The result @nestjs/terminus throws when a health check is down (the checks that failed under `error`), else undefined. */
function readinessFailure(exception: unknown): { error?: unknown } | undefined {
  if (!(exception instanceof ServiceUnavailableException)) return undefined;
  const response = exception.getResponse();
  return typeof response === 'object' && response !== null && 'status' in response && 'details' in response ? (response as { error?: unknown }) : undefined;
}

function safeDetail(exception: HttpException, fallback: string): string {
  const response = exception.getResponse();
  if (typeof response === 'object' && response !== null && 'detail' in response) {
    return String((response as { detail: unknown }).detail);
  }
  return exception.getStatus() === 404 ? 'No such resource.' : fallback;
}
