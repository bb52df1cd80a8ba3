// First: OpenTelemetry must patch http, express and @nestjs/core before they are loaded.
import { tracing } from './tracing';
import 'reflect-metadata';
import { loadSettingsOrExit } from '@reimbursements/platform/config/load-settings-or-exit';
import { runMain } from '@reimbursements/platform/http/run-main';
import { AuthApiModule } from './auth-api.module';
import { AuthApiSettings } from './auth-api.settings';
import { createAuthHttpApp } from './http/create-auth-http-app';

async function main(): Promise<void> {
  const [settings] = loadSettingsOrExit('auth-api', AuthApiSettings);
  const app = await createAuthHttpApp(AuthApiModule.forRoot(settings), {
    host: settings.HOST,
    port: settings.PORT,
    trustProxy: settings.trustProxy(),
    corsOrigins: settings.corsOrigins(),
    tracing,
    openApi: {
      title: 'Caregiver reimbursements: auth API',
      description:
        'Users, care-giver system clients, roles and access tokens (OAuth 2.0 token endpoint, JWTs verified by the other apps with the keys at /.well-known/jwks.json).',
    },
  });
  await app.listen(settings.PORT, settings.HOST);
}

runMain('auth-api', main);
