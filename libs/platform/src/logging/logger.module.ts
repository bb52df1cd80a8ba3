import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { REQUEST_ID_HEADER } from '../http/request-id.middleware';

/** Structured JSON logs (pino); credentials and bodies are never logged. */
export function structuredLogging(app: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      level,
      base: { app },
      genReqId: (request) => request.headers[REQUEST_ID_HEADER] as string,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'res.headers["set-cookie"]'], remove: true },
      autoLogging: { ignore: (request) => /^\/(health|metrics)/.test(request.url ?? '') },
      customLogLevel: (_request, response, error) =>
        error || response.statusCode >= 500 ? 'error' : response.statusCode >= 400 ? 'info' : 'debug',
    },
  });
}
