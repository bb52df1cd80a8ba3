import { EventEmitter } from 'node:events';
import { MongoClient } from 'mongodb';
import { watchStuckMonitors } from './stuck-monitor-watchdog';

const ADDRESS = '127.0.0.1:27017';

/** A stand-in for the client: its heartbeat events, and the driver's internals the watchdog reaches. */
function fakeClient(withMonitor = true) {
  const monitor = { close: jest.fn(), connect: jest.fn() };
  const client = new EventEmitter() as EventEmitter & { topology?: unknown };
  client.topology = { s: { servers: new Map(withMonitor ? [[ADDRESS, { monitor }]] : []) } };
  return { client, monitor, asClient: client as unknown as MongoClient };
}

describe('watchStuckMonitors', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  it('restarts the monitor of a server whose heartbeat runs longer than the limit, once per stuck heartbeat', () => {
    const { client, monitor, asClient } = fakeClient();
    const onStuck = jest.fn();
    watchStuckMonitors(asClient, { stuckAfterMs: 15_000, onStuck });
    client.emit('serverHeartbeatStarted', { connectionId: ADDRESS });
    jest.advanceTimersByTime(14_000);
    expect(monitor.close).not.toHaveBeenCalled();
    jest.advanceTimersByTime(4_000);
    expect(monitor.close).toHaveBeenCalledTimes(1);
    expect(monitor.connect).toHaveBeenCalledTimes(1);
    expect(monitor.close.mock.invocationCallOrder[0]).toBeLessThan(monitor.connect.mock.invocationCallOrder[0]);
    expect(onStuck).toHaveBeenCalledWith(ADDRESS, expect.any(Number), true);
    expect(onStuck.mock.calls[0][1]).toBeGreaterThanOrEqual(15_000);
    jest.advanceTimersByTime(60_000);
    expect(monitor.close).toHaveBeenCalledTimes(1);
  });

  it('leaves alone heartbeats that end, however many run one after the other', () => {
    const { client, monitor, asClient } = fakeClient();
    watchStuckMonitors(asClient, { stuckAfterMs: 15_000 });
    for (let i = 0; i < 10; i++) {
      client.emit('serverHeartbeatStarted', { connectionId: ADDRESS });
      jest.advanceTimersByTime(5_000);
      client.emit(i % 2 === 0 ? 'serverHeartbeatSucceeded' : 'serverHeartbeatFailed', { connectionId: ADDRESS });
      jest.advanceTimersByTime(5_000);
    }
    expect(monitor.close).not.toHaveBeenCalled();
  });

  it('says when the driver has no monitor where it is looked for, and touches nothing', () => {
    const { client, asClient } = fakeClient(false);
    const onStuck = jest.fn();
    watchStuckMonitors(asClient, { stuckAfterMs: 1_000, onStuck });
    client.emit('serverHeartbeatStarted', { connectionId: ADDRESS });
    jest.advanceTimersByTime(2_000);
    expect(onStuck).toHaveBeenCalledWith(ADDRESS, expect.any(Number), false);
  });

  it('stops watching when the client closes', () => {
    const { client, monitor, asClient } = fakeClient();
    watchStuckMonitors(asClient, { stuckAfterMs: 1_000 });
    client.emit('serverHeartbeatStarted', { connectionId: ADDRESS });
    client.emit('topologyClosed', {});
    jest.advanceTimersByTime(10_000);
    expect(monitor.close).not.toHaveBeenCalled();
    expect(jest.getTimerCount()).toBe(0);
  });
});
