import { chooseServerRoute, engineAnswers, ROUTE_VARIABLE } from './server-route';
import type { StartedServers } from './containers';

declare global {
  // Kept between the global setup and teardown, which Jest runs in the same process.
  var testServers: StartedServers | undefined;
}

/** Starts the servers in containers when TEST_SERVERS=containers; otherwise the scripts' servers are used as they run. */
export default async function globalSetup(): Promise<void> {
  const setting = process.env[ROUTE_VARIABLE];
  if (chooseServerRoute(setting, setting === 'containers' && (await engineAnswers())) !== 'containers') return;
  const { startContainers } = await import('./containers');
  globalThis.testServers = await startContainers();
  Object.assign(process.env, globalThis.testServers.env);
}
