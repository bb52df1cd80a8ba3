import { request } from 'node:http';
import { existsSync } from 'node:fs';

/**
 * Who starts Kafka, the MongoDB-wire server and Redis for the integration and end-to-end suites:
 * - `scripts` (the default): the repo's scripts, started by `npm test` (scripts/test-all.sh) or by hand;
 * - `containers`: Testcontainers (a real mongod, Kafka, Redis), started by the suites' global setup,
 *   which needs a container engine (DOCKER_HOST, or /var/run/docker.sock). The machines this
 *   repository's CI runs on have none, so that route is not run there.
 * Either way the suites find the servers through KAFKA_BROKERS, MONGODB_URI and REDIS_URL.
 */
export type ServerRoute = 'scripts' | 'containers';

export const ROUTE_VARIABLE = 'TEST_SERVERS';

export function chooseServerRoute(setting: string | undefined, engineAnswers: boolean): ServerRoute {
  const wanted = setting === undefined || setting === '' ? 'scripts' : setting;
  if (wanted === 'scripts') return 'scripts';
  if (wanted !== 'containers') throw new Error(`${ROUTE_VARIABLE} must be scripts or containers, not ${JSON.stringify(setting)}`);
  if (!engineAnswers) {
    throw new Error(`${ROUTE_VARIABLE}=containers, but no container engine answers (DOCKER_HOST or /var/run/docker.sock); unset it to use the repo's scripts`);
  }
  return 'containers';
}

/** Where a Docker API would be: DOCKER_HOST (unix:// or tcp://), else the default socket. */
export function engineAddress(env: NodeJS.ProcessEnv, socketExists: (path: string) => boolean = existsSync): { socketPath: string } | { host: string; port: number } | undefined {
  const host = env.DOCKER_HOST;
  if (host?.startsWith('unix://')) return { socketPath: host.slice('unix://'.length) };
  if (host?.startsWith('tcp://')) {
    const url = new URL(host.replace(/^tcp:/, 'http:'));
    return { host: url.hostname, port: Number(url.port || 2375) };
  }
  return socketExists('/var/run/docker.sock') ? { socketPath: '/var/run/docker.sock' } : undefined;
}

/** Whether a container engine answers its ping (within 2 s). */
export function engineAnswers(env: NodeJS.ProcessEnv = process.env): Promise<boolean> {
  const address = engineAddress(env);
  if (!address) return Promise.resolve(false);
  return new Promise((resolve) => {
    const ping = request({ ...address, path: '/_ping', timeout: 2000 }, (response) => {
      response.resume();
      resolve(response.statusCode === 200);
    });
    ping.on('timeout', () => ping.destroy());
    ping.on('error', () => resolve(false));
    ping.end();
  });
}
