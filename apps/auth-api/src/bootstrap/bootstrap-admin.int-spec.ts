import { Logger } from '@nestjs/common';
import { validateEnvironment } from '@reimbursements/platform/config/validate-environment';
import { randomBytes } from 'node:crypto';
import { Db, MongoClient } from 'mongodb';
import { AuthApiSettings } from '../auth-api.settings';
import { SecretHasher } from '../hashing/secret-hasher';
import { MongoUserStore } from '../storage/mongo-user-store';
import { BootstrapAdmin } from './bootstrap-admin';

const MONGODB_URI = process.env.MONGODB_URI ?? `mongodb://127.0.0.1:${process.env.MONGO_PORT ?? 27017}`;

describe('BootstrapAdmin (real MongoDB-wire server)', () => {
  let client: MongoClient;
  let db: Db;
  const hasher = new SecretHasher({ logN: 10, r: 8, p: 1 });

  beforeAll(async () => {
    Logger.overrideLogger(false);
    client = await new MongoClient(MONGODB_URI).connect();
    db = client.db(`int_bootstrap_${randomBytes(4).toString('hex')}`);
  });

  afterAll(async () => {
    await db.dropDatabase();
    await client.close();
    Logger.overrideLogger(true);
  });

  const bootstrap = (environment: Record<string, string>) =>
    new BootstrapAdmin(validateEnvironment(AuthApiSettings, environment), new MongoUserStore(db), hasher).onApplicationBootstrap();

  it('creates the first admin once, from the configuration, with a hashed password', async () => {
    await Promise.all([
      bootstrap({ BOOTSTRAP_ADMIN_USERNAME: 'Root', BOOTSTRAP_ADMIN_PASSWORD: 'first admin passphrase' }),
      bootstrap({ BOOTSTRAP_ADMIN_USERNAME: 'root', BOOTSTRAP_ADMIN_PASSWORD: 'first admin passphrase' }),
    ]);
    const users = await db.collection('users').find({}).toArray();
    expect(users).toHaveLength(1);
    expect(users[0]).toMatchObject({ _id: 'root', roles: ['admin'], caregiverIds: null, disabledAt: null, createdBy: 'bootstrap' });
    expect(JSON.stringify(users[0])).not.toContain('first admin passphrase');
    await expect(hasher.verify('first admin passphrase', users[0].passwordHash as string)).resolves.toBe(true);
  });

  it('leaves an existing admin unchanged on later starts, even if the configured password changed', async () => {
    await bootstrap({ BOOTSTRAP_ADMIN_USERNAME: 'root', BOOTSTRAP_ADMIN_PASSWORD: 'another passphrase now' });
    const root = await new MongoUserStore(db).find('root');
    await expect(hasher.verify('first admin passphrase', root?.passwordHash)).resolves.toBe(true);
  });

  it('does nothing without configuration', async () => {
    await bootstrap({});
    expect(await db.collection('users').countDocuments()).toBe(1);
  });
});
