import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { NextFunction, Request, Response } from 'express';
import { Logger, PinoLogger } from 'nestjs-pino';
import { requestLogMiddleware } from '../logging/request-log.middleware';
import { Metrics } from '../metrics/metrics';
import { Tracing } from '../tracing/tracing';
import { withTracing } from '../tracing/tracing.module';
import { httpMetricsMiddleware } from '../metrics/http-metrics.middleware';
import { answerClientErrorsWithProblems } from './client-error-problems';
import { jsonBodyMiddleware } from './json-body.middleware';
import { keepIdleConnectionsOpen } from './keep-alive';
import { jsonContentTypeMiddleware } from './json-content-type.middleware';
import { mountOpenApi } from './open-api';
import { OutageTest, ProblemDetailsFilter } from './problem-details.filter';
import { requestIdMiddleware } from './request-id.middleware';
import { reservedKeysMiddlewareFor } from './reserved-keys.middleware';
import { applySecurityHeaders } from './security-headers';
import { problemValidationPipe } from './validation.pipe';
import { UndeclaredInputGuard } from './undeclared-input.guard';

export interface HttpAppOptions {
  host: string;
  port: number;
  /** Browser origins allowed by CORS (CORS_ORIGIN); none: no CORS headers at all. */
  corsOrigins: readonly string[];
  /** Reverse proxies whose X-Forwarded-For names the client address (rate limits of unauthenticated callers). */
  trustProxyHops?: number;
  /** Served at /docs and /docs-json when given. */
  openApi?: { title: string; description: string };
  /** The app's tracing (Tracing.start in its tracing.ts), injectable as `Tracing`; none: off. */
  tracing?: Tracing;
  /**
   * Express's weak ETags on answers (default on). An app whose answers are never cached or
   * revalidated turns them off: hashing each body also turns a small one into a Buffer, which
   * Node then writes apart from the headers (two chunks) instead of in one write with them.
   */
  etags?: boolean;
  /** Failures meaning a server a request needs did not answer (the app's database driver's): 503 with Retry-After. */
  isOutage?: OutageTest;
  /**
   * `Cache-Control` of every answer that does not set its own: an app answering a principal's
   * own data says `private, no-cache`, so no shared cache keeps it and a browser revalidates it.
   */
  cacheControl?: string;
  /**
   * POST paths whose body array (the field named) the route judges item by item, as a batch does:
   * a reserved key inside an item is left to the route, which refuses that item alone.
   */
  itemizedBodies?: Readonly<Record<string, string>>;
}

/** Creates an app with the conventions every API shares (api.md "Conventions"), without listening. */
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(withTracing(module, options.tracing), { bufferLogs: true, bodyParser: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', (options.trustProxyHops ?? 0) > 0 ? options.trustProxyHops : false);
  if (options.etags === false) app.set('etag', false);
  applySecurityHeaders(app, options.corsOrigins);
  const { cacheControl } = options;
  if (cacheControl !== undefined) {
    app.use((_request: Request, response: Response, next: NextFunction) => {
      response.setHeader('Cache-Control', cacheControl);
      next();
    });
  }
  app.use(requestIdMiddleware);
  app.use(requestLogMiddleware((await app.resolve(PinoLogger)).logger));
  app.use(httpMetricsMiddleware(app.get(Metrics)));
  app.use(jsonContentTypeMiddleware);
  app.use(...jsonBodyMiddleware());
  app.use(reservedKeysMiddlewareFor(options.itemizedBodies ?? {}));
  answerClientErrorsWithProblems(app.getHttpServer());
  keepIdleConnectionsOpen(app.getHttpServer());
  app.useGlobalFilters(new ProblemDetailsFilter(options.isOutage));
  app.useGlobalPipes(problemValidationPipe());
  app.useGlobalGuards(new UndeclaredInputGuard());
  app.enableShutdownHooks();
  if (options.openApi) mountOpenApi(app, options.openApi);
  return app;
}

export async function startHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<INestApplication> {
  const app = await createHttpApp(module, options);
  await app.listen(options.port, options.host);
  return app;
}
