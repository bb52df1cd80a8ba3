import 'reflect-metadata';
import { loadSettingsOrExit } from '@reimbursements/platform/config/load-settings-or-exit';
import { join } from 'node:path';
import { AccountingPageSettings } from './accounting-page.settings';
import { createPageServer } from './page-server';

/** dist/apps/accounting-page/src/main.js serves dist/accounting-page (built by Vite). */
const STATIC_DIR = join(__dirname, '..', '..', '..', 'accounting-page');

const [settings] = loadSettingsOrExit('accounting-page', AccountingPageSettings);
const server = createPageServer({
  staticDir: STATIC_DIR,
  upstreams: { auth: settings.AUTH_API_URL, command: settings.COMMAND_API_URL, query: settings.QUERY_API_URL },
});
server.listen(settings.PORT, settings.HOST, () => {
  process.stdout.write(`${JSON.stringify({ level: 'info', app: 'accounting-page', msg: `listening on http://${settings.HOST}:${settings.PORT}` })}\n`);
});
for (const signal of ['SIGTERM', 'SIGINT'] as const) {
  process.once(signal, () => {
    server.close(() => process.exit(0));
    server.closeAllConnections();
  });
}
