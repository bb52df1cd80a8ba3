import { MongoClient } from 'mongodb';
import { StuckMonitorWatch, watchStuckMonitors } from './stuck-monitor-watchdog';

const CONNECT_TIMEOUT_MS = 5000;

export interface MongoSettings {
  uri: string;
  database: string;
}

/** `onStuckMonitor`: told when the driver's monitor of a server was found stuck and restarted (stuck-monitor-watchdog.ts). */
export function createMongoClient(settings: MongoSettings, onStuckMonitor?: StuckMonitorWatch['onStuck']): MongoClient {
  const client = new MongoClient(settings.uri, {
    serverSelectionTimeoutMS: 5000,
    connectTimeoutMS: CONNECT_TIMEOUT_MS,
    // Without it an operation whose reply never comes (a MongoDB-wire server restarted or wedged under
    // the driver) waits forever, and so does whatever awaits it: the fold of a partition, say. The
    // slowest legitimate reply here (an index build at start-up, a heavy report's page) is well under it.
    socketTimeoutMS: 60_000,
    maxPoolSize: 20,
    retryWrites: true,
    appName: 'caregiver-reimbursements',
  });
  // A heartbeat legitimately lasts at most a connect and a handshake, each within the connect timeout.
  watchStuckMonitors(client, { stuckAfterMs: 3 * CONNECT_TIMEOUT_MS, onStuck: onStuckMonitor });
  return client;
}
