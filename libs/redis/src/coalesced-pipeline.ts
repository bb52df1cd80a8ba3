import Redis, { ChainableCommander } from 'ioredis';

interface Queued<T> {
  add: (pipeline: ChainableCommander) => void;
  resolve: (reply: T) => void;
  reject: (error: Error) => void;
}

/**
 * Sends commands of concurrent requests together: the first goes out at once, and while it is in
 * flight the next ones gather, to leave as one pipeline when it is answered. Each request still
 * gets its own reply (or its own error) after one round trip of its own; the server is written to
 * once per flight instead of once per request, which is most of what a small command costs the
 * process (the socket write wakes the server on the same cores).
 */
export class CoalescedPipeline {
  private queue: Queued<unknown>[] = [];
  private flying = false;

  constructor(private readonly redis: Redis) {}

  /** Queues a command, written by `add` on the pipeline it will leave in; resolves with its reply. */
  send<T>(add: (pipeline: ChainableCommander) => void): Promise<T> {
    const reply = new Promise<T>((resolve, reject) => this.queue.push({ add, resolve: resolve as (reply: unknown) => void, reject }));
    if (!this.flying) void this.fly();
    return reply;
  }

  private async fly(): Promise<void> {
    this.flying = true;
    try {
      while (this.queue.length > 0) {
        const flight = this.queue;
        this.queue = [];
        await this.exec(flight);
      }
    } finally {
      this.flying = false;
    }
  }

  private async exec(flight: Queued<unknown>[]): Promise<void> {
    const pipeline = this.redis.pipeline();
    for (const { add } of flight) add(pipeline);
    let results: [Error | null, unknown][] | null;
    try {
      results = await pipeline.exec();
      if (results === null) throw new Error('pipeline discarded');
    } catch (error) {
      for (const { reject } of flight) reject(error as Error);
      return;
    }
    flight.forEach(({ resolve, reject }, index) => {
      const [error, reply] = (results as [Error | null, unknown][])[index];
      if (error) reject(error);
      else resolve(reply);
    });
  }
}
