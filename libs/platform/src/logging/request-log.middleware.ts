import { NextFunction, Request, Response } from 'express';
import { Logger } from 'pino';
import { requestIdOf } from '../http/request-id.middleware';

const UNLOGGED = /^\/(health|metrics)/;

/**
 * One line per answered request, `request completed`: its id, method, path and status, and how
 * long it took; at error for a 5xx, info for a 4xx, debug otherwise. Never a header, a query string
 * or a body. Written here rather than by pino-http, which made a child logger and serialized the
 * request for every request, even at a level where nothing was written.
 */
export function requestLogMiddleware(logger: Logger) {
  return (request: Request, response: Response, next: NextFunction): void => {
    if (UNLOGGED.test(request.path)) {
      next();
      return;
    }
    const started = performance.now();
    response.once('finish', () => {
      const status = response.statusCode;
      const level = status >= 500 ? 'error' : status >= 400 ? 'info' : 'debug';
      if (!logger.isLevelEnabled(level)) return;
      logger[level](
        {
          req: { id: requestIdOf(request), method: request.method, url: request.path },
          res: { statusCode: status },
          responseTime: Math.round(performance.now() - started),
        },
        'request completed',
      );
    });
    next();
  };
}
