import { caregiverOfFingerprint } from '@reimbursements/domain/events/event-fingerprint';
import { EventIdClaim, EventIdVerdict, RecentEventIds } from '@reimbursements/domain/ports/recent-event-ids.port';
import Redis from 'ioredis';

export type RecentEventIdsErrorFn = (operation: 'claim' | 'release' | 'lookup', error: Error) => void;

export interface RecentEventIdsOptions {
  /** Keeps apart the ids of different logs sharing one Redis (e.g. `recent-event-ids:<log topic>:`). */
  keyPrefix: string;
  ttlSeconds: number;
}

/**
 * Each eventId is a key holding its fingerprint for `ttlSeconds`. A claim is one round trip for the
 * whole request: a pipeline of `SET key fingerprint EX ttl NX` (wins for a new id) and `GET key`
 * (what the id holds now). A Redis outage never fails a request: it is reported, and every id counts
 * as new (the fold still keeps the first record of an eventId).
 */
export class RedisRecentEventIds extends RecentEventIds {
  constructor(
    private readonly redis: Redis,
    private readonly options: RecentEventIdsOptions,
    private readonly onError: RecentEventIdsErrorFn,
  ) {
    super();
  }

  async claim(claims: EventIdClaim[]): Promise<EventIdVerdict[]> {
    if (claims.length === 0) return [];
    try {
      const pipeline = this.redis.pipeline();
      for (const { eventId, fingerprint } of claims) {
        const key = this.keyOf(eventId);
        pipeline.set(key, fingerprint, 'EX', this.options.ttlSeconds, 'NX').get(key);
      }
      const replies = repliesOf(await pipeline.exec());
      return claims.map(({ fingerprint }, index) => verdictOf(fingerprint, replies[2 * index], replies[2 * index + 1]));
    } catch (error) {
      this.onError('claim', error as Error);
      return claims.map(() => 'new');
    }
  }

  async caregiverOf(eventId: string): Promise<string | undefined> {
    try {
      const fingerprint = await this.redis.get(this.keyOf(eventId));
      return fingerprint === null ? undefined : caregiverOfFingerprint(fingerprint);
    } catch (error) {
      this.onError('lookup', error as Error);
      return undefined;
    }
  }

  async release(eventIds: string[]): Promise<void> {
    if (eventIds.length === 0) return;
    try {
      await this.redis.del(...eventIds.map((eventId) => this.keyOf(eventId)));
    } catch (error) {
      this.onError('release', error as Error);
    }
  }

  private keyOf(eventId: string): string {
    return `${this.options.keyPrefix}${eventId.toLowerCase()}`;
  }
}

function repliesOf(results: [Error | null, unknown][] | null): unknown[] {
  if (results === null) throw new Error('pipeline discarded');
  return results.map(([error, reply]) => {
    if (error) throw error;
    return reply;
  });
}

/** `held` is null only if the key expired between the two commands: nothing to conflict with. */
function verdictOf(fingerprint: string, setReply: unknown, held: unknown): EventIdVerdict {
  if (setReply === 'OK') return 'new';
  return held === null || held === fingerprint ? 'same' : 'different';
}
