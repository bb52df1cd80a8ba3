import { UndeclaredInputGuard } from '@reimbursements/platform/http/undeclared-input.guard';
import { HttpAppOptions } from '@reimbursements/platform/http/bootstrap-http-app';
import { answerClientErrorsWithProblems } from '@reimbursements/platform/http/client-error-problems';
import { jsonBodyMiddleware } from '@reimbursements/platform/http/json-body.middleware';
import { keepIdleConnectionsOpen } from '@reimbursements/platform/http/keep-alive';
import { mountOpenApi } from '@reimbursements/platform/http/open-api';
import { ProblemDetailsFilter } from '@reimbursements/platform/http/problem-details.filter';
import { requestIdMiddleware } from '@reimbursements/platform/http/request-id.middleware';
import { reservedKeysMiddleware } from '@reimbursements/platform/http/reserved-keys.middleware';
import { problemMembersFor } from '@reimbursements/platform/http/send-problem';
import { applySecurityHeaders } from '@reimbursements/platform/http/security-headers';
import { problemValidationPipe } from '@reimbursements/platform/http/validation.pipe';
import { isDatabaseOutage } from '@reimbursements/mongo/database-outage';
import { httpMetricsMiddleware } from '@reimbursements/platform/metrics/http-metrics.middleware';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { withTracing } from '@reimbursements/platform/tracing/tracing.module';
import { DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { TOKEN_PATH } from '../tokens/issue-token/issue-token.http.controller';
import { oauthErrorMembers } from '../tokens/issue-token/oauth-problems';
import { contentTypeMiddleware, tokenFormBodyMiddleware } from './token-form-body.middleware';

export interface AuthHttpAppOptions extends HttpAppOptions {
  /** Express's `trust proxy`: the proxies whose X-Forwarded-For names the client address (login throttling per address). */
  trustProxy: false | number | string[];
}

/**
 * The platform's HTTP conventions (createHttpApp), plus what an OAuth token endpoint needs: a
 * form-encoded body on /v1/auth/token, the client address behind trusted proxies, and a bearer
 * scheme in the OpenAPI description.
 */
export async function createAuthHttpApp(module: DynamicModule, options: AuthHttpAppOptions): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(withTracing(module, options.tracing), { bufferLogs: true, bodyParser: false, abortOnError: false });
  app.useLogger(app.get(Logger));
  app.set('trust proxy', options.trustProxy);
  applySecurityHeaders(app, options.corsOrigins);
  app.use(requestIdMiddleware);
  app.use(httpMetricsMiddleware(app.get(Metrics)));
  app.use(TOKEN_PATH, problemMembersFor(oauthErrorMembers), ...tokenFormBodyMiddleware());
  app.use(contentTypeMiddleware(TOKEN_PATH));
  app.use(...jsonBodyMiddleware());
  app.use(reservedKeysMiddleware);
  answerClientErrorsWithProblems(app.getHttpServer());
  keepIdleConnectionsOpen(app.getHttpServer());
  app.useGlobalFilters(new ProblemDetailsFilter(isDatabaseOutage));
  app.useGlobalPipes(problemValidationPipe());
  app.useGlobalGuards(new UndeclaredInputGuard());
  app.enableShutdownHooks();
  if (options.openApi) mountOpenApi(app, options.openApi);
  return app;
}
