import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { freePort, ROOT, waitFor } from './stack';

export type ServerName = 'kafka' | 'mongo' | 'redis';

/**
 * Kafka, the MongoDB-wire server and Redis of a suite's own, started with the repo's scripts on
 * ports nothing else uses and with a state directory of their own, so that a suite may stop and
 * start them without touching the servers every other suite shares.
 */
export interface OwnServers {
  kafkaBrokers: string;
  mongoUri: string;
  redisUrl: string;
  /** Starts all three and creates the topics. */
  startAll(): Promise<void>;
  start(server: ServerName): Promise<void>;
  stop(server: ServerName): Promise<void>;
  /** Stops all three and deletes their data. */
  remove(): Promise<void>;
}

function script(name: string, args: string[], env: Record<string, string>): Promise<void> {
  return new Promise((resolve, reject) =>
    execFile('bash', [join(ROOT, 'scripts', 'servers', name), ...args], { env: { ...process.env, ...env }, timeout: 540_000 }, (error, _stdout, stderr) =>
      error ? reject(new Error(`${name} ${args.join(' ')} failed: ${error.message}\n${stderr}`)) : resolve(),
    ),
  );
}

/** Picks the ports and the state folder; `startAll()` starts them, `remove()` cleans up even after a failed start. */
export async function ownServers(): Promise<OwnServers> {
  const [kafka, controller, mongo, postgres, redis] = await Promise.all([freePort(), freePort(), freePort(), freePort(), freePort()]);
  const stateDir = join(ROOT, '.local', 'own-servers', `${Date.now().toString(36)}-${randomBytes(3).toString('hex')}`);
  const env = {
    STATE_DIR: stateDir,
    KAFKA_PORT: String(kafka),
    KAFKA_CONTROLLER_PORT: String(controller),
    MONGO_PORT: String(mongo),
    POSTGRES_PORT: String(postgres),
    REDIS_PORT: String(redis),
    KAFKA_HEAP: '384m',
    // Two cores shared with every other suite: the broker may take a while to start.
    KAFKA_START_TIMEOUT: '300',
  };
  return {
    kafkaBrokers: `127.0.0.1:${kafka}`,
    mongoUri: `mongodb://127.0.0.1:${mongo}`,
    redisUrl: `redis://127.0.0.1:${redis}`,
    startAll: async () => {
      // The scripts one by one, and the topics made here: start.sh's warm-up consumer has hung on a busy machine.
      for (const server of ['redis', 'mongo', 'kafka'] as const) await script(`${server}.sh`, ['start'], env);
      await createTopics(`127.0.0.1:${kafka}`);
    },
    start: (server) => script(`${server}.sh`, ['start'], env),
    stop: (server) => script(`${server}.sh`, ['stop'], env),
    remove: async () => {
      await script('stop.sh', ['--purge'], env);
      rmSync(stateDir, { recursive: true, force: true });
    },
  };
}

/** The log, catalog and control topics under their default names, once the broker answers. */
async function createTopics(brokers: string): Promise<void> {
  const admin = new Kafka({ clientId: 'own-servers', brokers: [brokers], logLevel: logLevel.NOTHING, retry: { retries: 10 } }).admin();
  await waitFor('the broker to answer', () => admin.connect().then(() => true, () => false), 120_000);
  try {
    await admin.createTopics({
      waitForLeaders: true,
      topics: [
        { topic: 'reimbursements.log', numPartitions: 6, configEntries: [{ name: 'retention.ms', value: '-1' }] },
        { topic: 'reimbursements.catalog', numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '-1' }] },
        { topic: 'reimbursements.log.control', numPartitions: 1, configEntries: [{ name: 'retention.ms', value: '-1' }] },
      ],
    });
  } finally {
    await admin.disconnect();
  }
}
