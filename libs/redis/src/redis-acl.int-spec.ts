import { ThrottlerStorageRedisService } from '@nest-lab/throttler-storage-redis';
import { RateLimitCount } from '@reimbursements/domain/ports/recent-event-ids.port';
import Redis from 'ioredis';
import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createRedis } from './redis-report-cache';
import { RedisRecentEventIds } from './redis-recent-event-ids';

const REPO = path.resolve(__dirname, '..', '..', '..');

/** A port nothing listens on now (the OS picks it). */
function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function until(ready: () => Promise<boolean>, what: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await ready())) {
    if (Date.now() > deadline) throw new Error(`${what} within ${ms} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * The ACL file docker-compose and k8s give Redis (scripts/generate-secrets.sh), loaded into a
 * redis-server of this test's own, and the command-api's adapters driven with its user: what the
 * app does is allowed, nothing else is. The apps' other tests run without ACLs.
 */
describe('the Redis ACL of scripts/generate-secrets.sh, with the apps own adapters', () => {
  let dir: string;
  let server: ChildProcess;
  let port: number;
  const connections: Redis[] = [];

  const connect = async (user: string): Promise<Redis> => {
    const password = readFileSync(path.join(dir, `redis-${user}-password`), 'utf8').trim();
    const redis = createRedis(`redis://${user}:${password}@127.0.0.1:${port}`);
    connections.push(redis);
    await redis.connect();
    return redis;
  };

  beforeAll(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'redis-acl-'));
    execFileSync('bash', [path.join(REPO, 'scripts', 'generate-secrets.sh'), 'compose', dir], { stdio: 'ignore' });
    port = await freePort();
    server = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--aclfile', path.join(dir, 'redis-users.acl'), '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    await until(async () => {
      const probe = defaultUser();
      const answer = await probe.ping().catch(() => undefined);
      probe.disconnect();
      return answer === 'PONG';
    }, 'redis-server answered PING');
  });

  afterAll(async () => {
    for (const redis of connections) redis.disconnect();
    if (server && server.exitCode === null) await new Promise((resolve) => server.once('exit', resolve).kill());
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  /** The user the probes use: it may only PING, so no ready check (INFO), and no reconnecting. */
  const defaultUser = (): Redis => new Redis({ host: '127.0.0.1', port, enableReadyCheck: false, maxRetriesPerRequest: 0, retryStrategy: () => null });

  describe('command-api', () => {
    it.each([['recent-event-ids'], ['recent-reimbursement-ids']])(
      'counts a registration and claims its %s in one script, tells a retry from a conflict, and releases them',
      async (memory) => {
        const redis = await connect('command-api');
        const errors: string[] = [];
        const recent = new RedisRecentEventIds(redis, { keyPrefix: `${memory}:reimbursements.log:`, ttlSeconds: 60 }, (operation, error) =>
          errors.push(`${operation}: ${error.message}`),
        );
        const tracker = `{rate-limit:command-api:${randomUUID()}:default}`;
        const counts: (RateLimitCount | undefined)[] = [];
        const charge = { hitKey: `${tracker}:hits`, blockKey: `${tracker}:blocked`, limit: 10, windowMs: 60_000, settle: (count?: RateLimitCount) => counts.push(count) };
        const id = randomUUID();
        expect(await recent.claim([{ eventId: id, fingerprint: 'cg-1|x-ray|t' }], charge)).toEqual([{ verdict: 'new' }]);
        expect(await recent.claim([{ eventId: id, fingerprint: 'cg-1|x-ray|t' }], charge)).toEqual([{ verdict: 'same' }]);
        expect(await recent.claim([{ eventId: id, fingerprint: 'cg-2|x-ray|t' }])).toEqual([{ verdict: 'different' }]);
        expect(counts.map((count) => count?.totalHits)).toEqual([1, 2]);
        expect(await recent.caregiverOf(id)).toBe('cg-1');
        await recent.release([id]);
        expect(await recent.claim([{ eventId: id, fingerprint: 'cg-2|x-ray|t' }])).toEqual([{ verdict: 'new' }]);
        expect(errors).toEqual([]);
      },
    );

    it('counts the rate limit of its other routes (@nest-lab/throttler-storage-redis)', async () => {
      const counters = new ThrottlerStorageRedisService(await connect('command-api'));
      const key = `rate-limit:command-api:${randomUUID()}`;
      expect((await counters.increment(key, 60_000, 10, 60_000, 'default')).totalHits).toBe(1);
      expect((await counters.increment(key, 60_000, 10, 60_000, 'default')).totalHits).toBe(2);
    });

    it("is refused other apps' keys and other commands", async () => {
      const redis = await connect('command-api');
      await expect(redis.get('report:anything')).rejects.toThrow(/NOPERM/);
      await expect(redis.get('auth:anything')).rejects.toThrow(/NOPERM/);
      await expect(redis.keys('recent-event-ids:*')).rejects.toThrow(/NOPERM/);
      await expect(redis.flushall()).rejects.toThrow(/NOPERM/);
    });
  });

  it('lets the default user only PING', async () => {
    const redis = defaultUser();
    connections.push(redis);
    expect(await redis.ping()).toBe('PONG');
    await expect(redis.get('recent-event-ids:x')).rejects.toThrow(/NOPERM/);
  });
});
