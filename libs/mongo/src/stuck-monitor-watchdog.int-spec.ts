import { ServerHeartbeatSucceededEvent } from 'mongodb';
import { waitFor } from '../../../test/support/stack';
import { createMongoClient } from './mongo-settings';
import { restartServerMonitor } from './stuck-monitor-watchdog';

const URI = process.env.MONGODB_URI ?? `mongodb://127.0.0.1:${process.env.MONGO_PORT ?? 27017}`;

/**
 * The watchdog reaches the driver's monitor through its internals (stuck-monitor-watchdog.ts): this
 * holds it to the installed driver, so that an upgrade which moves them fails here, not in an outage.
 */
describe('restarting the driver monitor of a server, on the real driver and server', () => {
  it('finds the monitor, whose restart checks the server at once, and the client goes on serving', async () => {
    const client = await createMongoClient({ uri: URI, database: 'unused' }).connect();
    try {
      const address = new URL(URI).host;
      const heartbeats: number[] = [];
      client.on('serverHeartbeatSucceeded', (event: ServerHeartbeatSucceededEvent) => {
        if (event.connectionId === address) heartbeats.push(Date.now());
      });
      const restartedAt = Date.now();
      expect(restartServerMonitor(client, address)).toBe(true);
      // The regular check is 10 s after the one made at connect: one within 5 s is the restart's.
      await waitFor('a heartbeat of the restarted monitor', async () => heartbeats.length > 0, 5_000);
      expect(heartbeats[0] - restartedAt).toBeLessThan(5_000);
      expect(await client.db('admin').command({ ping: 1 })).toMatchObject({ ok: 1 });
      expect(restartServerMonitor(client, '127.0.0.1:1')).toBe(false);
    } finally {
      await client.close();
    }
  });
});
