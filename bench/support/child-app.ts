import { ChildProcess, spawn } from 'node:child_process';
import { createWriteStream, mkdtempSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { note } from './report';

/** One of our apps (built into dist/) run as a child process, its output kept in a log file. */
export class ChildApp {
  private exited: { code: number | null; signal: NodeJS.Signals | null } | undefined;

  private constructor(
    readonly name: string,
    readonly port: number,
    readonly logFile: string,
    private readonly child: ChildProcess,
  ) {
    child.on('exit', (code, signal) => {
      this.exited = { code, signal };
    });
  }

  static async start(app: string, port: number, env: Record<string, string>, logTag: string): Promise<ChildApp> {
    if (await portInUse(port)) throw new Error(`port ${port} is in use; set BENCH_PORT_BASE to a free range`);
    const entry = path.resolve(__dirname, '..', '..', 'apps', app, 'src', 'main.js');
    const logFile = path.join(os.tmpdir(), `${logTag}-${app}.log`);
    const log = createWriteStream(logFile);
    // BENCH_CHILD_NODE_ARGS (e.g. --prof) profiles the app; its output lands in a directory of its own.
    const nodeArgs = (process.env.BENCH_CHILD_NODE_ARGS ?? '').split(' ').filter((a) => a !== '');
    const cwd = nodeArgs.length > 0 ? mkdtempSync(path.join(os.tmpdir(), `${logTag}-${app}-`)) : undefined;
    if (cwd) note(`${app} runs with ${nodeArgs.join(' ')} in ${cwd}`);
    const child = spawn(process.execPath, [...nodeArgs, entry], {
      cwd,
      env: { ...process.env, HOST: '127.0.0.1', PORT: String(port), LOG_LEVEL: 'warn', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.pipe(log);
    child.stderr?.pipe(log);
    const started = new ChildApp(app, port, logFile, child);
    note(`${app} started (pid ${child.pid}, port ${port}, log ${logFile})`);
    return started;
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  isAlive(): boolean {
    return this.exited === undefined;
  }

  assertAlive(): void {
    if (this.exited) {
      throw new Error(`${this.name} exited (code ${this.exited.code}, signal ${this.exited.signal}); see ${this.logFile}`);
    }
  }

  /** Waits until GET /health/ready answers 200. */
  async waitReady(timeoutMs = 60000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      this.assertAlive();
      try {
        const response = await fetch(`http://127.0.0.1:${this.port}/health/ready`);
        await response.arrayBuffer();
        if (response.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) throw new Error(`${this.name} not ready after ${timeoutMs} ms; see ${this.logFile}`);
      await sleep(200);
    }
  }

  async metrics(): Promise<string> {
    const response = await fetch(`http://127.0.0.1:${this.port}/metrics`);
    return response.text();
  }

  /** SIGTERM (the apps shut down gracefully), SIGKILL after the grace period. */
  async stop(graceMs = 30000): Promise<void> {
    if (!this.isAlive()) return;
    const exited = new Promise<void>((resolve) => this.child.once('exit', () => resolve()));
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), graceMs);
    await exited;
    clearTimeout(timer);
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function portInUse(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: '127.0.0.1', port });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Sums the samples of a Prometheus metric whose labels include all of `labels`. */
export function metricValue(text: string, name: string, labels: Record<string, string> = {}): number {
  let sum = 0;
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([^}]*)\})?\s+(\S+)/.exec(line);
    if (!match || match[1] !== name) continue;
    const found = Object.fromEntries([...(match[3] ?? '').matchAll(/(\w+)="([^"]*)"/g)].map((m) => [m[1], m[2]]));
    if (Object.entries(labels).every(([k, v]) => found[k] === v)) sum += Number(match[4]);
  }
  return sum;
}
