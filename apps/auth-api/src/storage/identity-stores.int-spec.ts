import { Logger } from '@nestjs/common';
import { randomBytes, randomUUID } from 'node:crypto';
import { Db, MongoClient } from 'mongodb';
import { StoredKeyRing } from '../keys/stored-key-ring';
import { ClientDocument, UserDocument } from './auth-collections';
import { MongoClientStore } from './mongo-client-store';
import { MongoSigningKeyStore } from './mongo-signing-key-store';
import { MongoUserStore } from './mongo-user-store';

const MONGODB_URI = process.env.MONGODB_URI ?? `mongodb://127.0.0.1:${process.env.MONGO_PORT ?? 27017}`;

describe('identity stores (real MongoDB-wire server)', () => {
  let client: MongoClient;
  let db: Db;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    client = await new MongoClient(MONGODB_URI).connect();
    db = client.db(`int_auth_${randomBytes(4).toString('hex')}`);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
    Logger.overrideLogger(true);
  });

  const user = (username: string): UserDocument => ({
    _id: username,
    passwordHash: '$scrypt$ln=10,r=8,p=1$c2FsdHNhbHRzYWx0c2FsdA$aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNoaGFzaGhhc2g',
    roles: ['manager'],
    caregiverIds: ['c1', 'c2'],
    createdAt: new Date(),
    createdBy: 'user:root',
    disabledAt: null,
  });

  describe('MongoUserStore', () => {
    it('inserts a user once; a second insert of the username (concurrent or not) is refused', async () => {
      const users = new MongoUserStore(db);
      const results = await Promise.all([users.insert(user('alice')), users.insert(user('alice'))]);
      expect(results.sort()).toEqual([false, true]);
      expect(await users.find('alice')).toMatchObject({ _id: 'alice', roles: ['manager'], caregiverIds: ['c1', 'c2'], disabledAt: null });
      expect(await users.find('nobody')).toBeNull();
    });

    it('disables once: the first time stands', async () => {
      const users = new MongoUserStore(db);
      await users.insert(user('bob'));
      const first = new Date('2026-01-01T00:00:00Z');
      expect((await users.disable('bob', first))?.disabledAt).toEqual(first);
      expect((await users.disable('bob', new Date('2026-02-01T00:00:00Z')))?.disabledAt).toEqual(first);
      expect(await users.disable('nobody', first)).toBeNull();
    });

    it('holds a scope of 10 000 caregivers', async () => {
      const users = new MongoUserStore(db);
      const caregiverIds = Array.from({ length: 10_000 }, (_, i) => `caregiver-${i.toString().padStart(58, '0')}`);
      await users.insert({ ...user('big-manager'), caregiverIds });
      expect((await users.find('big-manager'))?.caregiverIds).toHaveLength(10_000);
    });
  });

  describe('MongoClientStore', () => {
    const newClient = (id: string): ClientDocument => ({
      _id: id,
      name: 'Clinic system',
      roles: ['ingest'],
      caregiverIds: null,
      createdAt: new Date(),
      createdBy: 'user:root',
      revokedAt: null,
    });

    it('keeps secret generations newest first; of two concurrent rotations exactly one wins', async () => {
      const clients = new MongoClientStore(db);
      // Client ids are UUIDs (the store looks up nothing else).
      const id = randomUUID();
      await clients.insert(newClient(id), 'h1');
      const results = await Promise.all([
        clients.addSecret(id, 2, 'h2a', new Date()),
        clients.addSecret(id, 2, 'h2b', new Date()),
      ]);
      expect(results.sort()).toEqual([false, true]);
      const secrets = await clients.secrets(id);
      expect(secrets.map((secret) => secret.generation)).toEqual([2, 1]);
      await clients.removeSecret(secrets[1]._id);
      expect((await clients.secrets(id)).map((secret) => secret.generation)).toEqual([2]);
    });

    it('revokes once: the first time stands', async () => {
      const clients = new MongoClientStore(db);
      const id = randomUUID();
      await clients.insert(newClient(id), 'h1');
      const at = new Date('2026-01-01T00:00:00Z');
      expect((await clients.revoke(id, at))?.revokedAt).toEqual(at);
      expect((await clients.revoke(id, new Date()))?.revokedAt).toEqual(at);
      expect(await clients.revoke(randomUUID(), at)).toBeNull();
      expect(await clients.revoke('nobody', at)).toBeNull();
    });
  });

  describe('StoredKeyRing on MongoSigningKeyStore', () => {
    it('keeps the keys in the database: instances share them, and the private half never reaches the key set', async () => {
      const store = new MongoSigningKeyStore(db);
      const options = { alg: 'ES256' as const, tokenTtlMs: 900_000, activationDelayMs: 0, refreshMs: 1, now: Date.now };
      const a = new StoredKeyRing(store, options);
      const b = new StoredKeyRing(store, options);
      await Promise.all([a.initialize(), b.initialize()]);
      expect((await a.signingKey()).kid).toBe((await b.signingKey()).kid);
      const { kid } = await a.rotate();
      expect((await b.signingKey()).kid).toBe(kid);
      const published = await b.publicKeys();
      expect(published.map((key) => key.kid)).toContain(kid);
      expect(published.every((key) => key.d === undefined)).toBe(true);
      expect((await store.all()).every((key) => typeof key.privateJwk.d === 'string')).toBe(true);
    });
  });
});
