import { caregiverOfFingerprint } from '@reimbursements/domain/events/event-fingerprint';
import { ClaimedId, EventIdClaim, RateLimitCharge, RateLimitCount, RecentEventIds } from '@reimbursements/domain/ports/recent-event-ids.port';
import Redis, { ChainableCommander } from 'ioredis';
import { CLAIM_EVENT_IDS_SCRIPT } from './claim-event-ids.script';
import { CoalescedPipeline } from './coalesced-pipeline';

export type RecentEventIdsErrorFn = (operation: 'claim' | 'release' | 'lookup', error: Error) => void;

export interface RecentEventIdsOptions {
  /** Keeps apart the ids of different logs sharing one Redis (e.g. `recent-event-ids:<log topic>:`). */
  keyPrefix: string;
  ttlSeconds: number;
}

/** The script as a command of the connection's pipelines: ioredis sends it by its SHA1 (EVALSHA), and in full once per connection. */
interface ClaimingPipeline extends ChainableCommander {
  claimEventIds(numberOfKeys: number, ...keysThenArgs: (string | number)[]): ChainableCommander;
}

/** What an id's key holds: its fingerprint, then what its first claim asked to remember. */
const SEPARATOR = '\0';

/**
 * Each eventId is a key holding its fingerprint (and what its claim remembers) for `ttlSeconds`. A claim is one round trip for the
 * whole request, the request's rate-limit count included: one script (claim-event-ids.script.ts)
 * counts, then sets each new id and reads each known one; the calls of concurrent requests leave
 * together (CoalescedPipeline). A Redis outage never fails a request: it
 * is reported, the request passes uncounted, and every id counts as new (the fold still keeps the
 * first record of an eventId).
 */
export class RedisRecentEventIds extends RecentEventIds {
  private readonly calls: CoalescedPipeline;

  constructor(
    private readonly redis: Redis,
    private readonly options: RecentEventIdsOptions,
    private readonly onError: RecentEventIdsErrorFn,
  ) {
    super();
    if (!('claimEventIds' in redis)) redis.defineCommand('claimEventIds', { lua: CLAIM_EVENT_IDS_SCRIPT });
    this.calls = new CoalescedPipeline(redis);
  }

  async claim(claims: EventIdClaim[], charge?: RateLimitCharge): Promise<ClaimedId[]> {
    if (claims.length === 0 && charge === undefined) return [];
    let replies: (number | string)[];
    try {
      const args = this.scriptArguments(claims, charge);
      replies = await this.calls.send<(number | string)[]>((pipeline) => (pipeline as ClaimingPipeline).claimEventIds(...args));
    } catch (error) {
      this.onError('claim', error as Error);
      charge?.settle(undefined);
      return claims.map(() => ({ verdict: 'new' }));
    }
    let verdicts = replies;
    if (charge) {
      charge.settle(countOf(replies as number[]));
      verdicts = replies.slice(4);
    }
    return verdicts.map(claimedId);
  }

  async caregiverOf(eventId: string): Promise<string | undefined> {
    try {
      const held = await this.redis.get(this.keyOf(eventId));
      return held === null ? undefined : caregiverOfFingerprint(held);
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

  /** Keys: the counter's two (when charged), then one per claim; arguments: the count's, the ids' time to live, each claim's fingerprint and what it remembers. */
  private scriptArguments(claims: EventIdClaim[], charge: RateLimitCharge | undefined): [number, ...(string | number)[]] {
    const keys = claims.map(({ eventId }) => this.keyOf(eventId));
    const held = claims.flatMap(({ fingerprint, remember }) => [fingerprint, remember ?? '']);
    const counter = charge ? [charge.hitKey, charge.blockKey] : [];
    const count = charge ? [1, charge.windowMs, charge.limit] : [0, 0, 0];
    return [counter.length + keys.length, ...counter, ...keys, ...count, this.options.ttlSeconds, ...held];
  }

  private keyOf(eventId: string): string {
    return `${this.options.keyPrefix}${eventId.toLowerCase()}`;
  }
}

/** A verdict of the script: 0 new, 2 different, for a retry 1 or the value held (what follows its fingerprint is what to hand back). */
function claimedId(reply: number | string): ClaimedId {
  if (reply === 0) return { verdict: 'new' };
  if (reply === 2) return { verdict: 'different' };
  const remembered = typeof reply === 'string' ? reply.slice(reply.indexOf(SEPARATOR) + 1) : '';
  return remembered === '' ? { verdict: 'same' } : { verdict: 'same', remembered };
}

/** The script answers milliseconds; a count is in whole seconds, as the rate-limit headers are. */
function countOf([totalHits, timeToExpireMs, isBlocked, timeToBlockExpireMs]: number[]): RateLimitCount {
  return {
    totalHits,
    timeToExpire: Math.ceil(timeToExpireMs / 1000),
    isBlocked: isBlocked === 1,
    timeToBlockExpire: Math.ceil(timeToBlockExpireMs / 1000),
  };
}
