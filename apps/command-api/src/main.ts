import 'reflect-metadata';
import { loadSettingsOrExit } from '@reimbursements/platform/config/load-settings-or-exit';
import { startHttpApp } from '@reimbursements/platform/http/bootstrap-http-app';
import { runMain } from '@reimbursements/platform/http/run-main';
import { CommandApiModule } from './command-api.module';
import { CommandApiSettings } from './command-api.settings';

async function main(): Promise<void> {
  const settings = loadSettingsOrExit('command-api', CommandApiSettings);
  await startHttpApp(CommandApiModule.forRoot(settings), {
    host: settings.HOST,
    port: settings.PORT,
    openApi: {
      title: 'Caregiver reimbursements: command API',
      description: 'Registers healthcare events and catalog changes. A 202 means the record is durably in the log.',
    },
  });
}

runMain('command-api', main);
