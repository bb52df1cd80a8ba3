import 'reflect-metadata';
import { loadSettingsOrExit } from '@reimbursements/platform/config/load-settings-or-exit';
import { startHttpApp } from '@reimbursements/platform/http/bootstrap-http-app';
import { runMain } from '@reimbursements/platform/http/run-main';
import { QueryApiModule } from './query-api.module';
import { QueryApiSettings } from './query-api.settings';

async function main(): Promise<void> {
  const settings = loadSettingsOrExit('query-api', QueryApiSettings);
  await startHttpApp(QueryApiModule.forRoot(settings), {
    host: settings.HOST,
    port: settings.PORT,
    openApi: {
      title: 'Caregiver reimbursements: query API',
      description: 'Monthly reimbursement reports and the event-type catalog, read from the projections.',
    },
  });
}

runMain('query-api', main);
