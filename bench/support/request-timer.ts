import { Worker } from 'node:worker_threads';

/** One HTTP request, sent again and again. */
export interface TimedRequest {
  url: string;
  init: { method: string; headers: Record<string, string>; body?: string };
}

const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
let stopped = false;
let go = () => undefined;
const started = new Promise((resolve) => { go = resolve; });
parentPort.on('message', (message) => {
  if (message === 'go') go();
  if (message === 'stop') stopped = true;
});
(async () => {
  const { request, count, warmup } = workerData;
  const once = async () => {
    const started = process.hrtime.bigint();
    const response = await fetch(request.url, request.init);
    await response.arrayBuffer();
    if (response.status !== 200) throw new Error(request.url + ' answered ' + response.status);
    return Number(process.hrtime.bigint() - started) / 1e6;
  };
  for (let i = 0; i < warmup; i += 1) await once();
  parentPort.postMessage({ ready: true });
  await started;
  const times = [];
  while (!stopped && (count === null || times.length < count)) times.push(await once());
  parentPort.postMessage({ times });
})().catch((error) => parentPort.postMessage({ error: String((error && error.message) || error) }));
`;

/**
 * Sends a request back to back from a worker thread of its own, timing each answer there: the
 * bench's own heap (a million events and their expected sums) is collected on its main thread,
 * and a pause of that collector would otherwise be timed as the server's. The worker sends
 * `warmup` untimed requests first (its own HTTP client and JIT), then waits for `start()`.
 */
export class RequestTimer {
  private readonly worker: Worker;
  private readonly answered: Promise<number[]>;
  readonly ready: Promise<void>;

  private constructor(request: TimedRequest, count: number | null, warmup: number) {
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { request, count, warmup } });
    let markReady: () => void = () => undefined;
    const warmedUp = new Promise<void>((resolve) => (markReady = resolve));
    this.answered = new Promise<number[]>((resolve, reject) => {
      this.worker.on('message', (message: { ready?: true; times?: number[]; error?: string }) => {
        if (message.ready) markReady();
        if (message.times) resolve(message.times);
        if (message.error) reject(new Error(message.error));
      });
      this.worker.once('error', reject);
      this.worker.once('exit', (code) => reject(new Error(`the request timer's worker exited (${code}) before it answered`)));
    }).finally(() => void this.worker.terminate());
    // A failure while warming up rejects `ready` too; `answered` reports it to whoever awaits the times.
    this.ready = Promise.race([warmedUp, this.answered.then(() => undefined)]);
    // Awaited by start() or stop(), perhaps only after it failed.
    this.answered.catch(() => undefined);
    this.ready.catch(() => undefined);
  }

  /** A timer of `count` requests (null: until `stop()`), after `warmup` untimed ones; await `ready`, then `start()`. */
  static warmedUp(request: TimedRequest, count: number | null, warmup = 10): RequestTimer {
    return new RequestTimer(request, count, warmup);
  }

  /** The times of `count` requests after `warmup` untimed ones, ms. */
  static async times(request: TimedRequest, count: number, warmup = 10): Promise<number[]> {
    const timer = new RequestTimer(request, count, warmup);
    await timer.ready;
    return timer.start();
  }

  /** Starts the timed requests; answers their times, ms, once `count` are answered (or `stop()`). */
  start(): Promise<number[]> {
    this.worker.postMessage('go');
    return this.answered;
  }

  stop(): Promise<number[]> {
    this.worker.postMessage('stop');
    return this.answered;
  }
}
