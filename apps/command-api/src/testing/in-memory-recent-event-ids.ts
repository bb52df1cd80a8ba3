import { caregiverOfFingerprint } from '@reimbursements/domain/events/event-fingerprint';
import { ClaimedId, EventIdClaim, RateLimitCharge, RecentEventIds } from '@reimbursements/domain/ports/recent-event-ids.port';

/** Unit tests' stand-in for the Redis memory: the same verdicts, and the calls it got (a charge passes uncounted: no counters here). */
export class InMemoryRecentEventIds extends RecentEventIds {
  readonly fingerprints = new Map<string, string>();
  readonly remembered = new Map<string, string>();
  readonly claimCalls: EventIdClaim[][] = [];
  readonly charges: RateLimitCharge[] = [];
  readonly released: string[] = [];

  async claim(claims: EventIdClaim[], charge?: RateLimitCharge): Promise<ClaimedId[]> {
    this.claimCalls.push(claims);
    if (charge) {
      this.charges.push(charge);
      charge.settle(undefined);
    }
    return claims.map(({ eventId, fingerprint, remember }): ClaimedId => {
      const id = eventId.toLowerCase();
      const held = this.fingerprints.get(id);
      if (held === undefined) {
        this.fingerprints.set(id, fingerprint);
        if (remember) this.remembered.set(id, remember);
        return { verdict: 'new' };
      }
      if (held !== fingerprint) return { verdict: 'different' };
      const remembered = this.remembered.get(id);
      return remembered === undefined ? { verdict: 'same' } : { verdict: 'same', remembered };
    });
  }

  async caregiverOf(eventId: string): Promise<string | undefined> {
    const held = this.fingerprints.get(eventId.toLowerCase());
    return held === undefined ? undefined : caregiverOfFingerprint(held);
  }

  async release(eventIds: string[]): Promise<void> {
    for (const eventId of eventIds) {
      this.fingerprints.delete(eventId.toLowerCase());
      this.remembered.delete(eventId.toLowerCase());
    }
    this.released.push(...eventIds);
  }
}
