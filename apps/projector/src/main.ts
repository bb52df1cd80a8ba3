// First: OpenTelemetry must patch http, express and @nestjs/core before they are loaded.
import { tracing } from './tracing';
import 'reflect-metadata';
import { KafkaSecurityEnvironment } from '@reimbursements/kafka/kafka-security.environment';
import { loadSettingsOrExit } from '@reimbursements/platform/config/load-settings-or-exit';
import { startHttpApp } from '@reimbursements/platform/http/bootstrap-http-app';
import { runMain } from '@reimbursements/platform/http/run-main';
import { ProjectorModule } from './projector.module';
import { ProjectorSettings } from './projector.settings';

async function main(): Promise<void> {
  const [settings] = loadSettingsOrExit('projector', ProjectorSettings, KafkaSecurityEnvironment);
  await startHttpApp(ProjectorModule.forRoot(settings), { host: settings.HOST, port: settings.PORT, corsOrigins: settings.corsOrigins(), tracing });
}

runMain('projector', main);
