import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { AddressInfo, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ROOT } from './stack';

const run = promisify(execFile);

/**
 * A Redis of a test's own, started with the repo's script on a free port and a temporary state
 * folder, so a test can take it away without touching the shared one.
 */
export class OwnRedis {
  private constructor(
    readonly port: number,
    private readonly stateDir: string,
  ) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<OwnRedis> {
    const port = await new Promise<number>((resolve, reject) => {
      const server = createServer();
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => {
        const { port: free } = server.address() as AddressInfo;
        server.close(() => resolve(free));
      });
    });
    const redis = new OwnRedis(port, mkdtempSync(join(tmpdir(), 'own-redis-')));
    await redis.script('start');
    return redis;
  }

  /** An outage that keeps the data: the process stops answering (SIGSTOP) until `resume`. */
  pause(): void {
    process.kill(this.pid(), 'SIGSTOP');
  }

  resume(): void {
    process.kill(this.pid(), 'SIGCONT');
  }

  private pid(): number {
    return Number(readFileSync(join(this.stateDir, 'redis', 'redis.pid'), 'utf8').trim());
  }

  async stop(): Promise<void> {
    await this.script('stop');
    rmSync(this.stateDir, { recursive: true, force: true });
  }

  private async script(command: 'start' | 'stop'): Promise<void> {
    await run('bash', [join(ROOT, 'scripts', 'servers', 'redis.sh'), command], {
      env: { ...process.env, STATE_DIR: this.stateDir, REDIS_PORT: String(this.port) },
    });
  }
}
