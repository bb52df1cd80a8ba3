import { DynamicModule } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';

/**
 * Structured JSON logs (pino) for the app's own messages; credentials and bodies are never logged.
 * Requests are logged by requestLogMiddleware (createHttpApp), not by pino-http: no route gets its
 * per-request middleware.
 */
export function structuredLogging(app: string, level: string): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: { level, base: { app } },
    forRoutes: [],
  });
}
