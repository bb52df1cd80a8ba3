import { problem, ProblemException } from '@reimbursements/platform/http/problem';
import { CallHandler, ExecutionContext, Injectable, Logger, NestInterceptor } from '@nestjs/common';
import { MongoNetworkError, MongoServerSelectionError } from 'mongodb';
import { catchError, Observable } from 'rxjs';

/** Whether a failure means the database could not be reached (not that a request was wrong). */
export function isDatabaseOutage(error: unknown): boolean {
  return error instanceof MongoNetworkError || error instanceof MongoServerSelectionError;
}

/**
 * A database outage is answered 503 with Retry-After (api.md), not 500: the client may retry. The
 * driver's message goes to the log only. Used by auth-api and query-api (test/outages found query-api's 500s).
 */
@Injectable()
export class DependencyOutageInterceptor implements NestInterceptor {
  private readonly logger = new Logger('Dependencies');

  intercept(_context: ExecutionContext, next: CallHandler): Observable<unknown> {
    return next.handle().pipe(
      catchError((error: unknown) => {
        if (!isDatabaseOutage(error)) throw error;
        this.logger.error({ reason: (error as Error).message }, 'database unavailable');
        throw new ProblemException(
          problem(
            'dependency-unavailable',
            503,
            'Service unavailable',
            'A server this request needs did not answer. If this was a write, it may or may not have happened.',
          ),
          { 'Retry-After': '5' },
        );
      }),
    );
  }
}
