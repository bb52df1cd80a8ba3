import { Db, MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { MongoLogPartitions } from './mongo-log-partitions';

const URI = process.env.MONGODB_URI ?? `mongodb://127.0.0.1:${process.env.MONGO_PORT ?? 27017}`;

describe('MongoLogPartitions against the real MongoDB-wire server', () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    client = await new MongoClient(URI).connect();
    db = client.db(`int_log_partitions_${randomUUID().slice(0, 8)}`);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
  });

  it('has no counts before any are recorded, then the recorded ones', async () => {
    const partitions = new MongoLogPartitions(db);
    expect(await partitions.counts()).toEqual({});
    await partitions.record({ 'app.log': 6, 'app.catalog': 1 });
    expect(await partitions.counts()).toEqual({ 'app.log': 6, 'app.catalog': 1 });
  });

  it('raises a count and never lowers it (a stale reader cannot shrink a topic)', async () => {
    const partitions = new MongoLogPartitions(db);
    await partitions.record({ 'grow.log': 6 });
    await partitions.record({ 'grow.log': 8 });
    await partitions.record({ 'grow.log': 6 });
    expect((await partitions.counts())['grow.log']).toBe(8);
  });
});
