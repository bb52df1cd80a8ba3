// First: OpenTelemetry must patch http, express and @nestjs/core before they are loaded.
import { tracing } from './tracing';
import 'reflect-metadata';
import { AuthVerifierSettings } from '@reimbursements/auth/auth-verifier.settings';
import { RateLimitSettings } from '@reimbursements/auth/rate-limit.settings';
import { KafkaSecurityEnvironment } from '@reimbursements/kafka/kafka-security.environment';
import { loadSettingsOrExit } from '@reimbursements/platform/config/load-settings-or-exit';
import { isDatabaseOutage } from '@reimbursements/mongo/database-outage';
import { startHttpApp } from '@reimbursements/platform/http/bootstrap-http-app';
import { runMain } from '@reimbursements/platform/http/run-main';
import { QueryApiModule } from './query-api.module';
import { QueryApiSettings } from './query-api.settings';

async function main(): Promise<void> {
  const [settings, verifier, rateLimits] = loadSettingsOrExit('query-api', QueryApiSettings, AuthVerifierSettings, RateLimitSettings, KafkaSecurityEnvironment);
  await startHttpApp(QueryApiModule.forRoot(settings, verifier, rateLimits), {
    host: settings.HOST,
    port: settings.PORT,
    corsOrigins: settings.corsOrigins(),
    tracing,
    trustProxyHops: rateLimits.TRUST_PROXY_HOPS,
    isOutage: isDatabaseOutage,
    // Every answer is a principal's view of money per caregiver (the metrics route sets no-store).
    cacheControl: 'private, no-cache',
    openApi: {
      title: 'Caregiver reimbursements: query API',
      description:
        'Monthly reimbursement reports, their events and reimbursements, and the event-type catalog, read from the projections. Every endpoint needs a bearer token from auth-api (POST /v1/auth/token); `x-roles` on each operation names the roles it admits (admin is admitted everywhere). A manager sees only the caregivers of its scope: a report naming none is limited to them, one naming others is 403, and another caregiver\'s event or reimbursement is 404.',
    },
  });
}

runMain('query-api', main);
