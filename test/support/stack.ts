import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdirSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { join } from 'node:path';
import { Admin, Kafka, logLevel } from 'kafkajs';
import { MongoClient } from 'mongodb';
import Redis from 'ioredis';
import { useToken } from './api-client';
import { AuthSandbox, createAuthSandbox, passwordToken, removeAuthSandbox, startAuthApi } from './auth-api';

export const ROOT = join(__dirname, '..', '..');
const LOG_DIR = join(ROOT, '.local', 'logs', 'e2e');
export const KAFKA_BROKERS = process.env.KAFKA_BROKERS ?? `127.0.0.1:${process.env.KAFKA_PORT ?? 9092}`;
export const MONGODB_URI = process.env.MONGODB_URI ?? `mongodb://127.0.0.1:${process.env.MONGO_PORT ?? 27017}`;
export const REDIS_URL = process.env.REDIS_URL ?? `redis://127.0.0.1:${process.env.REDIS_PORT ?? 6379}`;

export type AppName = 'command-api' | 'query-api' | 'projector' | 'auth-api' | 'accounting-page';

/** A port nothing listens on now (the OS picks it), so leftovers of other runs never collide. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/**
 * Topics, a database, an auth-api (with its own identity database) and rate-limit counters of its
 * own for one test file, so files never see each other's data or spend each other's limits.
 */
export interface Sandbox {
  id: string;
  logTopic: string;
  catalogTopic: string;
  /** Ops commands to the projectors: `<logTopic>.control`, the apps' default. */
  controlTopic: string;
  database: string;
  env: Record<string, string>;
  identity: AuthSandbox;
  authApi: RunningApp;
  /** The sandbox's first admin's token; api-client sends it by default. */
  adminToken: string;
}

/** Rate limits high enough never to throttle a suite (the rate-limit suite sets its own). */
const UNTHROTTLED: Record<string, string> = Object.fromEntries(
  ['ANONYMOUS', 'INGEST', 'ACCOUNTANT', 'MANAGER', 'ADMIN'].map((role) => [`RATE_LIMIT_${role}`, '10000000']),
);

/** `authEnv`: settings of the sandbox's auth-api beyond the defaults (e.g. a short key activation delay). */
export async function createSandbox(partitions = 6, authEnv: Record<string, string> = {}): Promise<Sandbox> {
  const id = `e2e-${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`;
  const sandbox = {
    id,
    logTopic: `${id}.log`,
    catalogTopic: `${id}.catalog`,
    controlTopic: `${id}.log.control`,
    database: id.replace(/-/g, '_'),
  };
  const identity = createAuthSandbox();
  const [authApi] = await Promise.all([
    // Tokens live the whole run; hashing is cheap (the cost is tested in auth-api's own suites).
    startAuthApi(identity, { AUTH_TOKEN_TTL_SECONDS: '86400', AUTH_SCRYPT_LOG_N: '10', ...authEnv }),
    withAdmin((admin) =>
      admin.createTopics({
        waitForLeaders: true,
        topics: [
          { topic: sandbox.logTopic, numPartitions: partitions, configEntries: [{ name: 'retention.ms', value: '-1' }] },
          { topic: sandbox.catalogTopic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '-1' }] },
          { topic: sandbox.controlTopic, numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '-1' }] },
        ],
      }),
    ),
  ]);
  const adminToken = await passwordToken(authApi.url, identity.admin.username, identity.admin.password);
  useToken(adminToken);
  return {
    ...sandbox,
    identity,
    authApi,
    adminToken,
    env: {
      KAFKA_BROKERS,
      MONGODB_URI,
      REDIS_URL,
      LOG_TOPIC: sandbox.logTopic,
      CATALOG_TOPIC: sandbox.catalogTopic,
      MONGODB_DATABASE: sandbox.database,
      PROJECTOR_GROUP_ID: `${id}-projector`,
      AUTH_JWKS_URL: `${authApi.url}/.well-known/jwks.json`,
      AUTH_PRINCIPALS_URL: authApi.url,
      RATE_LIMIT_KEY_PREFIX: `${id}:rate-limit:`,
      ...UNTHROTTLED,
    },
  };
}

export async function removeSandbox(sandbox: Sandbox): Promise<void> {
  useToken(undefined);
  await sandbox.authApi?.stop();
  await withAdmin((admin) => admin.deleteTopics({ topics: [sandbox.logTopic, sandbox.catalogTopic, sandbox.controlTopic] })).catch(() => undefined);
  const client = await new MongoClient(MONGODB_URI).connect();
  await client.db(sandbox.database).dropDatabase().catch(() => undefined);
  // Rebuilt projection versions keep their read models in databases of their own beside it.
  const { databases } = await client.db('admin').admin().listDatabases({ nameOnly: true });
  for (const { name } of databases) if (/^(.+)_v\d+$/.exec(name)?.[1] === sandbox.database) await client.db(name).dropDatabase().catch(() => undefined);
  await client.close();
  if (sandbox.identity) await removeAuthSandbox(sandbox.identity);
  const redis = new Redis(REDIS_URL);
  const keys = await redis.keys(`${sandbox.id}:*`);
  if (keys.length > 0) await redis.del(...keys);
  redis.disconnect();
}

export async function withAdmin<T>(use: (admin: Admin) => Promise<T>): Promise<T> {
  const admin = new Kafka({ clientId: 'e2e', brokers: KAFKA_BROKERS.split(','), logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    return await use(admin);
  } finally {
    await admin.disconnect();
  }
}

/** Sum over partitions of the offsets the next records will get. */
export async function endOffsets(topic: string): Promise<number> {
  const offsets = await withAdmin((admin) => admin.fetchTopicOffsets(topic));
  return offsets.reduce((sum, p) => sum + Number(p.high), 0);
}

/** Every app this test file started and has not seen exit. */
const running = new Set<RunningApp>();

/**
 * Stops the apps a test left running: one that timed out never reaches its own stop(), and the
 * child's open pipes would keep Jest from exiting (run after each file, by long-timeout.ts).
 */
export async function stopStrayApps(): Promise<void> {
  await Promise.all([...running].map((app) => app.stop()));
}

export class RunningApp {
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;

  constructor(
    readonly name: AppName,
    readonly url: string,
    readonly process: ChildProcess,
  ) {
    this.exited = new Promise((resolve) => process.once('exit', (code, signal) => resolve({ code, signal })));
    running.add(this);
    void this.exited.then(() => running.delete(this));
  }

  kill9(): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    this.process.kill('SIGKILL');
    return this.exited;
  }

  async stop(): Promise<void> {
    if (this.process.exitCode !== null || this.process.signalCode !== null) return;
    this.process.kill('SIGTERM');
    const timer = setTimeout(() => this.process.kill('SIGKILL'), 20_000);
    await this.exited;
    clearTimeout(timer);
  }
}

/** Starts a built app as its own process; resolves once /health/ready answers 200 (unless told not to wait). */
export async function startApp(
  name: AppName,
  env: Record<string, string>,
  options: { waitReady?: boolean; logName?: string; port?: number } = {},
): Promise<RunningApp> {
  const main = join(ROOT, 'dist', 'apps', name, 'src', 'main.js');
  if (!existsSync(main)) throw new Error(`${main} is missing: run \`npm run build\` first`);
  const port = options.port ?? (await freePort());
  mkdirSync(LOG_DIR, { recursive: true });
  const log = createWriteStream(join(LOG_DIR, `${options.logName ?? name}-${port}.log`), { flags: 'a' });
  const child = spawn(process.execPath, [main], {
    env: { PATH: process.env.PATH ?? '', HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'info', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.pipe(log);
  child.stderr?.pipe(log);
  const app = new RunningApp(name, `http://127.0.0.1:${port}`, child);
  if (options.waitReady !== false) {
    await waitFor(`${name} ready`, async () => (await fetch(`${app.url}/health/ready`).catch(() => undefined))?.status === 200, 60_000, app);
  }
  return app;
}

/** Polls a condition until it holds; fails with `what` after `timeoutMs`. */
export async function waitFor(
  what: string,
  condition: () => Promise<boolean>,
  timeoutMs = 60_000,
  app?: RunningApp,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await condition()) return;
    if (app && (app.process.exitCode !== null || app.process.signalCode !== null)) {
      throw new Error(`${app.name} exited while waiting for: ${what}`);
    }
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for: ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
