import { randomUUID } from 'node:crypto';
import { Collection, MongoClient, MongoError } from 'mongodb';
import { ownServers, OwnServers } from '../../../test/support/own-servers';
import { waitFor } from '../../../test/support/stack';
import { createMongoClient } from './mongo-settings';

/** The projector's write size on FerretDB (PROJECTOR_WRITE_CHUNK) and as many writers as partitions folded at once. */
const WRITE_CHUNK = 16;
const WRITERS = 3;
/**
 * Server selection (5 s) and a heartbeat after the server is back, or, for a write whose reply never
 * came across the restart, the socket timeout (60 s, createMongoClient) and its retry; with room for a busy machine.
 */
const RECOVERY_MS = 90_000;

/**
 * The apps' MongoClient (createMongoClient) against a MongoDB-wire server of the test's own, on
 * ports nothing else uses (the shared one is never stopped): while writers keep writing, the server
 * stops and comes back, and the same client must serve them again, without being replaced.
 *
 * Under load, about one run in four used to find the driver's monitor stuck in a heartbeat started as
 * the server went away, and the client never served anyone again (stuck-monitor-watchdog.ts). The
 * watchdog restarts such a monitor; a failure says what each writer, the pool and the monitor were doing.
 */
describe('the apps MongoClient across a restart of its MongoDB-wire server', () => {
  let servers: OwnServers;
  let client: MongoClient;

  let driver: DriverEvents;
  /** The watchdog's restarts of a stuck monitor: `restarted` false would mean it found no monitor in the real driver. */
  const stuck: { address: string; stuckForMs: number; restarted: boolean }[] = [];

  beforeAll(async () => {
    servers = await ownServers();
    await servers.start('mongo');
    const created = createMongoClient({ uri: servers.mongoUri, database: 'unused' }, (address, stuckForMs, restarted) => stuck.push({ address, stuckForMs, restarted }));
    driver = new DriverEvents(created);
    client = await created.connect();
  });

  afterAll(async () => {
    await client?.close();
    await servers?.remove();
  });

  it('serves the same writers again within a bounded wait after each of three restarts', async () => {
    const db = client.db(`int_recovery_${randomUUID().slice(0, 8)}`);
    const writers = new Writers(db.collection<{ _id: string; n: number }>('totals'), WRITERS);
    try {
      for (let round = 0; round < 3; round++) {
        await waitFor('writes before the outage', async () => writers.succeededSince(Date.now() - 1000), 30_000);
        await servers.stop('mongo');
        const down = Date.now();
        await waitFor('writes failing as an outage', async () => writers.failedSince(down), 30_000);
        await servers.start('mongo');
        const back = Date.now();
        await waitFor(`every writer writing again after restart ${round + 1}`, async () => writers.allSucceededSince(back), RECOVERY_MS).catch((error: Error) => {
          throw new Error(`${error.message}\nwriters: ${writers.describe()}\ndriver: ${driver.describe()}\nwatchdog: ${JSON.stringify(stuck)}`);
        });
      }
    } finally {
      await writers.stop();
    }
    expect(writers.unexpected).toEqual([]);
    expect(stuck.filter((s) => !s.restarted)).toEqual([]);
  });
});

/** The driver's pool and topology events, counted with the time of the last of each: what the client did while a writer waited. */
class DriverEvents {
  private readonly seen = new Map<string, { count: number; last: number; detail?: string }>();

  constructor(private readonly client: MongoClient) {
    const events = [
      'connectionPoolCleared',
      'connectionPoolReady',
      'connectionCreated',
      'connectionClosed',
      'connectionCheckOutStarted',
      'connectionCheckOutFailed',
      'connectionCheckedOut',
      'connectionCheckedIn',
      'serverDescriptionChanged',
      'serverHeartbeatStarted',
      'serverHeartbeatFailed',
      'serverHeartbeatSucceeded',
    ] as const;
    for (const name of events) {
      client.on(name, (event: { reason?: unknown; newDescription?: { type?: string }; awaited?: boolean; failure?: Error }) => {
        const entry = this.seen.get(name) ?? { count: 0, last: 0 };
        entry.count += 1;
        entry.last = Date.now();
        entry.detail = [event.newDescription?.type, event.reason, event.awaited === undefined ? undefined : `awaited ${event.awaited}`, event.failure?.message]
          .filter((part) => part !== undefined)
          .join(', ');
        this.seen.set(name, entry);
      });
    }
  }

  describe(): string {
    const now = Date.now();
    const events = [...this.seen].map(([name, { count, last, detail }]) => `${name} ×${count} (last ${now - last} ms ago${detail ? `: ${detail}` : ''})`).join('; ');
    return `${events}\nmonitors: ${this.monitors()}`;
  }

  /** The driver's own state of each server's monitor and its connection (internals, read for the diagnosis only). */
  private monitors(): string {
    type Socket = { destroyed: boolean; writable: boolean; writableLength: number; writableNeedDrain: boolean; readyState: string };
    type Monitor = { s: { state: string }; connection: { closed: boolean; socket: Socket } | null };
    const topology = (this.client as unknown as { topology?: { s: { servers: Map<string, { monitor?: Monitor }> } } }).topology;
    return [...(topology?.s.servers ?? new Map<string, { monitor?: Monitor }>())]
      .map(([address, { monitor }]) => {
        const socket = monitor?.connection?.socket;
        return `${address}: state ${monitor?.s.state}, connection ${monitor?.connection ? `closed ${monitor.connection.closed}` : 'none'}${
          socket ? `, socket destroyed ${socket.destroyed} writable ${socket.writable} readyState ${socket.readyState} buffered ${socket.writableLength} needDrain ${socket.writableNeedDrain}` : ''
        }`;
      })
      .join('; ');
  }
}

/** Writers that each upsert WRITE_CHUNK documents (matched after the first round) and read them back, over and over. */
class Writers {
  readonly unexpected: string[] = [];
  private readonly lastSuccess: number[];
  private readonly failures: number[] = [];
  /** Per writer: the call it is in (or its pause), since when, and its last error. */
  private readonly doing: { step: string; since: number; lastError?: string }[];
  private stopping = false;
  private readonly running: Promise<void>[];

  constructor(
    private readonly collection: Collection<{ _id: string; n: number }>,
    count: number,
  ) {
    this.lastSuccess = Array.from({ length: count }, () => 0);
    this.doing = this.lastSuccess.map(() => ({ step: 'starting', since: Date.now() }));
    this.running = this.lastSuccess.map((_, writer) => this.write(writer));
  }

  succeededSince(since: number): Promise<boolean> {
    return Promise.resolve(this.lastSuccess.some((at) => at >= since));
  }

  allSucceededSince(since: number): Promise<boolean> {
    return Promise.resolve(this.lastSuccess.every((at) => at >= since));
  }

  failedSince(since: number): Promise<boolean> {
    return Promise.resolve(this.failures.some((at) => at >= since));
  }

  describe(): string {
    const now = Date.now();
    return this.doing
      .map(({ step, since, lastError }, writer) => `writer ${writer} in ${step} for ${now - since} ms, last success ${now - this.lastSuccess[writer]} ms ago${lastError ? `, last error: ${lastError}` : ''}`)
      .join('; ');
  }

  private enter(writer: number, step: string): void {
    this.doing[writer] = { ...this.doing[writer], step, since: Date.now() };
  }

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  private async write(writer: number): Promise<void> {
    const ids = Array.from({ length: WRITE_CHUNK }, (_, i) => `${writer}-${i}`);
    while (!this.stopping) {
      try {
        this.enter(writer, 'bulkWrite');
        await this.collection.bulkWrite(
          ids.map((_id) => ({ updateOne: { filter: { _id }, update: { $inc: { n: 1 } }, upsert: true } })),
          { ordered: false },
        );
        this.enter(writer, 'find');
        const read = await this.collection.find({ _id: { $in: ids } }).toArray();
        if (read.length !== ids.length) this.unexpected.push(`writer ${writer} read ${read.length} of ${ids.length}`);
        this.lastSuccess[writer] = Date.now();
      } catch (error) {
        this.failures.push(Date.now());
        this.doing[writer].lastError = `${(error as Error).name}: ${(error as Error).message}`;
        this.enter(writer, 'pause');
        if (!(error instanceof MongoError)) this.unexpected.push(`writer ${writer}: ${(error as Error).name}: ${(error as Error).message}`);
        // A bounded pause before the next attempt, as the projector's consumer pauses between retries.
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
}
