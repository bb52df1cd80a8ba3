// First: OpenTelemetry must patch http, express and @nestjs/core before they are loaded.
import { tracing } from './tracing';
import 'reflect-metadata';
import { AuthVerifierSettings } from '@reimbursements/auth/auth-verifier.settings';
import { RateLimitSettings } from '@reimbursements/auth/rate-limit.settings';
import { KafkaSecurityEnvironment } from '@reimbursements/kafka/kafka-security.environment';
import { loadSettingsOrExit } from '@reimbursements/platform/config/load-settings-or-exit';
import { startHttpApp } from '@reimbursements/platform/http/bootstrap-http-app';
import { runMain } from '@reimbursements/platform/http/run-main';
import { CommandApiModule } from './command-api.module';
import { CommandApiSettings } from './command-api.settings';
import { EVENT_BATCH_ITEMS, EVENT_BATCH_PATH } from './events/register-event-batch/register-event-batch.http.controller';

async function main(): Promise<void> {
  const [settings, verifier, rateLimits] = loadSettingsOrExit('command-api', CommandApiSettings, AuthVerifierSettings, RateLimitSettings, KafkaSecurityEnvironment);
  await startHttpApp(CommandApiModule.forRoot(settings, verifier, rateLimits), {
    host: settings.HOST,
    port: settings.PORT,
    corsOrigins: settings.corsOrigins(),
    tracing,
    trustProxyHops: rateLimits.TRUST_PROXY_HOPS,
    // Commands are POSTs, answered once: nothing revalidates them.
    etags: false,
    itemizedBodies: { [EVENT_BATCH_PATH]: EVENT_BATCH_ITEMS },
    openApi: {
      title: 'Caregiver reimbursements: command API',
      description:
        'Registers healthcare events and catalog changes. A 202 means the record is durably in the log. Every endpoint needs a bearer token from auth-api (POST /v1/auth/token); `x-roles` on each operation names the roles it admits (admin is admitted everywhere). A principal limited to some caregivers may write only for them (403 otherwise).',
    },
  });
}

runMain('command-api', main);
