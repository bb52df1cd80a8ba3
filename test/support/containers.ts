import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { KafkaContainer } from '@testcontainers/kafka';
import { MongoDBContainer } from '@testcontainers/mongodb';
import { RedisContainer } from '@testcontainers/redis';
import { StartedTestContainer } from 'testcontainers';

/** Images of the container route, fixed like docker-compose.yml's. */
const IMAGES = { kafka: 'confluentinc/cp-kafka:7.9.0', mongo: 'mongo:7.0.14', redis: 'redis:7.4.1' };

export interface StartedServers {
  env: { KAFKA_BROKERS: string; MONGODB_URI: string; REDIS_URL: string };
  containers: StartedTestContainer[];
}

/** Kafka (KRaft), a real mongod (a single-member replica set) and Redis from Testcontainers, with the topics. */
export async function startContainers(): Promise<StartedServers> {
  const [kafka, mongo, redis] = await Promise.all([
    new KafkaContainer(IMAGES.kafka).withKraft().start(),
    new MongoDBContainer(IMAGES.mongo).start(),
    new RedisContainer(IMAGES.redis).start(),
  ]);
  const env = {
    KAFKA_BROKERS: `${kafka.getHost()}:${kafka.getMappedPort(9093)}`,
    MONGODB_URI: `${mongo.getConnectionString()}?directConnection=true`,
    REDIS_URL: redis.getConnectionUrl(),
  };
  await new Promise<void>((resolve, reject) =>
    execFile(process.execPath, [join(__dirname, '..', '..', 'scripts', 'servers', 'create-topics.mjs')], { env: { ...process.env, ...env } }, (error) =>
      error ? reject(error) : resolve(),
    ),
  );
  return { env, containers: [kafka, mongo, redis] };
}
