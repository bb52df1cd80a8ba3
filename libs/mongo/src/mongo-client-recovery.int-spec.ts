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
 * Outside `npm test` (`npm run test:mongo-recovery`) while it reproduces an open bug: in two of four
 * clean CI runs the same client did not serve every writer again after a restart, even within 90 s
 * and with a socket timeout (docs/mongodb-wire-server.md). It stays a test that fails until fixed.
 *
 * The apps' MongoClient (createMongoClient) against a MongoDB-wire server of the test's own, on
 * ports nothing else uses (the shared one is never stopped): while writers keep writing, the server
 * stops and comes back, and the same client must serve them again, without being replaced.
 */
describe('the apps MongoClient across a restart of its MongoDB-wire server', () => {
  let servers: OwnServers;
  let client: MongoClient;

  beforeAll(async () => {
    servers = await ownServers();
    await servers.start('mongo');
    client = await createMongoClient({ uri: servers.mongoUri, database: 'unused' }).connect();
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
        await waitFor(`every writer writing again after restart ${round + 1}`, async () => writers.allSucceededSince(back), RECOVERY_MS);
      }
    } finally {
      await writers.stop();
    }
    expect(writers.unexpected).toEqual([]);
  });
});

/** Writers that each upsert WRITE_CHUNK documents (matched after the first round) and read them back, over and over. */
class Writers {
  readonly unexpected: string[] = [];
  private readonly lastSuccess: number[];
  private readonly failures: number[] = [];
  private stopping = false;
  private readonly running: Promise<void>[];

  constructor(
    private readonly collection: Collection<{ _id: string; n: number }>,
    count: number,
  ) {
    this.lastSuccess = Array.from({ length: count }, () => 0);
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

  async stop(): Promise<void> {
    this.stopping = true;
    await Promise.all(this.running);
  }

  private async write(writer: number): Promise<void> {
    const ids = Array.from({ length: WRITE_CHUNK }, (_, i) => `${writer}-${i}`);
    while (!this.stopping) {
      try {
        await this.collection.bulkWrite(
          ids.map((_id) => ({ updateOne: { filter: { _id }, update: { $inc: { n: 1 } }, upsert: true } })),
          { ordered: false },
        );
        const read = await this.collection.find({ _id: { $in: ids } }).toArray();
        if (read.length !== ids.length) this.unexpected.push(`writer ${writer} read ${read.length} of ${ids.length}`);
        this.lastSuccess[writer] = Date.now();
      } catch (error) {
        this.failures.push(Date.now());
        if (!(error instanceof MongoError)) this.unexpected.push(`writer ${writer}: ${(error as Error).name}: ${(error as Error).message}`);
        // A bounded pause before the next attempt, as the projector's consumer pauses between retries.
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    }
  }
}
