import { REQUEST_ID_HEADER } from '@reimbursements/platform/http/request-id.middleware';
import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

interface SerializedRequest {
  id: unknown;
  method: string;
  url: string;
  remoteAddress?: string;
  /** The request itself (pino-std-serializers keeps it, not enumerable): Express's `ip` on it. */
  raw?: { ip?: string };
}

/**
 * A request as the logs show it: method, path and address only. The address is Express's
 * `request.ip`, the client behind AUTH_TRUSTED_PROXIES (what sign-ins are throttled by), not the
 * socket's, which behind the accounting page would be the page's for every user.
 */
export function loggedRequest(request: SerializedRequest): { id: unknown; method: string; url: string; remoteAddress?: string } {
  return { id: request.id, method: request.method, url: String(request.url).split('?')[0], remoteAddress: request.raw?.ip ?? request.remoteAddress };
}

/**
 * The platform's structured logs, stricter: this service handles passwords, secrets and tokens, so
 * a request is logged as method, path and address only: no headers at all, no query string
 * (credentials misplaced in a URL stay out of the logs), never a body.
 */
export function authApiLogging(level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { app: 'auth-api' },
      genReqId: (request) => request.headers[REQUEST_ID_HEADER] as string,
      serializers: {
        req: loggedRequest,
        res: (response: { statusCode: number }) => ({ statusCode: response.statusCode }),
      },
      autoLogging: { ignore: (request) => /^\/(health|metrics)/.test(request.url ?? '') },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'info' : 'debug',
    },
  });
}
