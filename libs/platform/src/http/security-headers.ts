import { NestExpressApplication } from '@nestjs/platform-express';
import helmet from 'helmet';
import { RATE_LIMIT_HEADERS } from '../rate-limit/rate-limit-headers';
import { staticHeaders } from './static-headers';

/**
 * What every app sends a browser: helmet's security headers (no X-Powered-By; a CSP that still lets
 * the OpenAPI page at /docs load its own scripts), and CORS only for the configured origins (the
 * accounting page), none by default. Preflights are answered here, before any guard.
 */
export function applySecurityHeaders(app: NestExpressApplication, corsOrigins: readonly string[]): void {
  app.disable('x-powered-by');
  // No upgrade-insecure-requests: TLS ends in front of the apps, and /docs is also read over plain HTTP locally.
  app.use(staticHeaders(helmet({ contentSecurityPolicy: { directives: { upgradeInsecureRequests: null } } })));
  if (corsOrigins.length === 0) return;
  app.enableCors({
    origin: [...corsOrigins],
    methods: ['GET', 'POST'],
    allowedHeaders: ['Authorization', 'Content-Type', 'Accept', 'X-Request-Id'],
    exposedHeaders: ['X-Request-Id', 'Retry-After', ...RATE_LIMIT_HEADERS],
    maxAge: 600,
  });
}
