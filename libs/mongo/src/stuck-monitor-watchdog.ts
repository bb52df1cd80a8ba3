import { MongoClient } from 'mongodb';

/** What the driver's monitor of one server offers (internal to the driver: see watchStuckMonitors). */
interface ServerMonitor {
  close(): void;
  connect(): void;
}

interface TopologyInternals {
  s?: { servers?: Map<string, { monitor?: ServerMonitor | null }> };
}

export interface StuckMonitorWatch {
  /** A heartbeat running longer than this is taken as stuck. */
  stuckAfterMs: number;
  /** Told of each stuck heartbeat: `restarted` is false when the driver's monitor could not be found (the driver changed). */
  onStuck?: (address: string, stuckForMs: number, restarted: boolean) => void;
}

/**
 * Works around a race in the MongoDB driver (6.x, with the polling monitor FerretDB gets, having no
 * topologyVersion): a heartbeat started while its connection's socket is closing (the server went
 * away) writes to the dead socket and waits for a `drain` that never comes. No timeout covers that
 * wait, so the monitor never checks the server again, and once the server is back the client still
 * never selects it: every operation fails its server selection, for good
 * (libs/mongo/src/mongo-client-recovery.int-spec.ts, docs/mongodb-wire-server.md).
 *
 * A heartbeat still running after `stuckAfterMs` (a legitimate one ends within a connect and a
 * handshake, each bounded by connectTimeoutMS) has its server's monitor closed and connected again,
 * which starts a fresh check on a new connection. The driver has no public way to do this, so the
 * monitor is reached through its internals; if they are not found, `onStuck` says so and nothing is
 * touched. Returns what stops the watch (also stopped when the client closes).
 */
export function watchStuckMonitors(client: MongoClient, { stuckAfterMs, onStuck }: StuckMonitorWatch): () => void {
  const started = new Map<string, number>();
  client.on('serverHeartbeatStarted', ({ connectionId }) => {
    if (!started.has(connectionId)) started.set(connectionId, Date.now());
  });
  client.on('serverHeartbeatSucceeded', ({ connectionId }) => started.delete(connectionId));
  client.on('serverHeartbeatFailed', ({ connectionId }) => started.delete(connectionId));

  const check = () => {
    const now = Date.now();
    for (const [address, since] of started) {
      if (now - since < stuckAfterMs) continue;
      started.delete(address);
      onStuck?.(address, now - since, restartServerMonitor(client, address));
    }
  };
  const timer = setInterval(check, Math.max(100, Math.floor(stuckAfterMs / 4)));
  timer.unref();
  const stop = () => clearInterval(timer);
  client.once('topologyClosed', stop);
  return stop;
}

/**
 * Closes the driver's monitor of the server at `address` and connects it again, which starts a fresh
 * check on a new connection; false when no such monitor is found (the driver's internals changed).
 */
export function restartServerMonitor(client: MongoClient, address: string): boolean {
  const topology = (client as unknown as { topology?: TopologyInternals }).topology;
  const monitor = topology?.s?.servers?.get(address)?.monitor;
  if (!monitor || typeof monitor.close !== 'function' || typeof monitor.connect !== 'function') return false;
  monitor.close();
  monitor.connect();
  return true;
}
