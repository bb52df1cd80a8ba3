import { DynamicModule, INestApplication, Type } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
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
import { ProblemDetailsFilter } from './problem-details.filter';
import { requestIdMiddleware } from './request-id.middleware';
import { reservedKeysMiddleware } from './reserved-keys.middleware';
import { applySecurityHeaders } from './security-headers';
import { problemValidationPipe } from './validation.pipe';

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
}

/** Creates an app with the conventions every API shares (api.md "Conventions"), without listening. */
export async function createHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(withTracing(module, options.tracing), { bufferLogs: true, bodyParser: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', (options.trustProxyHops ?? 0) > 0 ? options.trustProxyHops : false);
  applySecurityHeaders(app, options.corsOrigins);
  app.use(requestIdMiddleware);
  app.use(requestLogMiddleware((await app.resolve(PinoLogger)).logger));
  app.use(httpMetricsMiddleware(app.get(Metrics)));
  app.use(jsonContentTypeMiddleware);
  app.use(...jsonBodyMiddleware());
  app.use(reservedKeysMiddleware);
  answerClientErrorsWithProblems(app.getHttpServer());
  keepIdleConnectionsOpen(app.getHttpServer());
  app.useGlobalFilters(new ProblemDetailsFilter());
  app.useGlobalPipes(problemValidationPipe());
  app.enableShutdownHooks();
  if (options.openApi) mountOpenApi(app, options.openApi);
  return app;
}

export async function startHttpApp(module: Type<unknown> | DynamicModule, options: HttpAppOptions): Promise<INestApplication> {
  const app = await createHttpApp(module, options);
  await app.listen(options.port, options.host);
  return app;
}

function mountOpenApi(app: INestApplication, { title, description }: { title: string; description: string }): void {
  const config = new DocumentBuilder()
    .setTitle(title)
    .setDescription(description)
    .setVersion('1')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .build();
  const document = SwaggerModule.createDocument(app, config);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'docs-json' });
}
