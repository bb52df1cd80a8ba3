import { EVENT_REGISTERED, EVENT_REGISTERED_SCHEMA_VERSION, EventRegistered } from '../events/event-registered.record';
import { EVENT_VOIDED, EventVoided } from '../events/event-voided.record';
import { LogRecord } from '../records/log-record';
import { PositionedRecord } from '../records/record-envelope';
import { REIMBURSEMENT_REQUESTED, ReimbursementRequested, ReimbursementRequestedPayload } from '../reimbursements/reimbursement-requested.record';
import { effectsOf } from './batch-effects';
import { decideBatch } from './decide-batch';
import { InMemoryLedger } from './in-memory-ledger';
import { LedgerState } from './ledger-state';
import { LedgerDecision } from './ledger-decision';

const E1 = '00000000-0000-4000-8000-000000000001';
const E2 = '00000000-0000-4000-8000-000000000002';
const E3 = '00000000-0000-4000-8000-000000000003';
const R1 = 'aaaaaaaa-0000-4000-8000-000000000001';
const R2 = 'aaaaaaaa-0000-4000-8000-000000000002';

let nextOffset = 0;
const at = (offset: number) => `2026-03-20T10:00:${String(offset % 60).padStart(2, '0')}.000Z`;

function positioned<T extends LogRecord>(record: Omit<T, 'recordId' | 'recordedAt' | 'correlationId' | 'recordedBy'>, offset = nextOffset++): PositionedRecord<LogRecord> {
  return {
    topic: 'log',
    partition: 0,
    offset,
    record: { ...record, recordId: `rec-${offset}`, recordedAt: at(offset), correlationId: `corr-${offset}`, recordedBy: 'user:alice' } as LogRecord,
  };
}

function registered(eventId: string, caregiverId = 'cg-1', occurredAt = '2026-03-10T10:00:00+01:00', eventType = 'home-visit', amountCents = 45_000) {
  const month = occurredAt.startsWith('2026-02') ? '2026-02' : '2026-03';
  return positioned<EventRegistered>({
    type: EVENT_REGISTERED,
    schemaVersion: EVENT_REGISTERED_SCHEMA_VERSION,
    payload: { eventId, caregiverId, eventType, occurredAt, amountCents, currency: 'SEK', month },
  });
}

function voided(eventId: string, caregiverId = 'cg-1', reason = 'entered twice') {
  return positioned<EventVoided>({ type: EVENT_VOIDED, schemaVersion: 1, payload: { eventId, caregiverId, reason } });
}

function reimbursement(payload: Partial<ReimbursementRequestedPayload>) {
  return positioned<ReimbursementRequested>({
    type: REIMBURSEMENT_REQUESTED,
    schemaVersion: 1,
    payload: { reimbursementId: R1, caregiverId: 'cg-1', ...payload },
  });
}

function fold(...batches: PositionedRecord<LogRecord>[][]): InMemoryLedger {
  const ledger = new InMemoryLedger();
  for (const batch of batches) ledger.fold(batch);
  return ledger;
}

const kinds = (ledger: InMemoryLedger) => ledger.decisions.map((d) => d.kind);

beforeEach(() => {
  nextOffset = 0;
});

describe('registrations', () => {
  it('counts a new event as pending in its month and ledger', () => {
    const ledger = fold([registered(E1)]);
    expect(ledger.totals.get('cg-1#2026-03')).toEqual({
      caregiverId: 'cg-1',
      month: '2026-03',
      eventCount: 1,
      totalCents: 45_000,
      pendingCents: 45_000,
      reimbursedCents: 0,
      byType: { 'home-visit': { count: 1, totalCents: 45_000 } },
    });
    expect(ledger.event(E1)).toMatchObject({ status: 'pending', recordedBy: 'user:alice', correlationId: 'corr-0', recordedAt: at(0) });
  });

  it.each([
    ['the same content', registered(E1), 'retry'],
    ['the same instant written with another offset', registered(E1, 'cg-1', '2026-03-10T09:00:00Z'), 'retry'],
    ['another caregiver', registered(E1, 'cg-2'), 'conflict'],
    ['another type', registered(E1, 'cg-1', '2026-03-10T10:00:00+01:00', 'bathing'), 'conflict'],
    ['another instant', registered(E1, 'cg-1', '2026-03-10T10:00:01+01:00'), 'conflict'],
  ])('a repeated eventId with %s is a %s and changes nothing', (_label, repeat, kind) => {
    nextOffset = 0;
    const first = registered(E1);
    repeat.offset = 1;
    for (const batches of [[[first, repeat]], [[first], [repeat]]]) {
      const ledger = fold(...batches);
      expect(kinds(ledger)).toEqual(['registered', kind]);
      expect(ledger.totals.get('cg-1#2026-03')).toMatchObject({ eventCount: 1, totalCents: 45_000 });
      expect(ledger.event(E1)).toMatchObject({ caregiverId: 'cg-1', eventType: 'home-visit', occurredAt: '2026-03-10T10:00:00+01:00' });
      expect(ledger.totals.has('cg-2#2026-03')).toBe(false);
    }
  });
});

describe('voids', () => {
  it('takes a pending event out of every sum and marks it voided', () => {
    const ledger = fold([registered(E1), registered(E2, 'cg-1', '2026-03-11T10:00:00+01:00', 'bathing', 30_000)], [voided(E1, 'cg-1', 'wrong patient')]);
    expect(kinds(ledger)).toEqual(['registered', 'registered', 'voided']);
    expect(ledger.totals.get('cg-1#2026-03')).toMatchObject({
      eventCount: 1,
      totalCents: 30_000,
      pendingCents: 30_000,
      byType: { 'home-visit': { count: 0, totalCents: 0 }, bathing: { count: 1, totalCents: 30_000 } },
    });
    expect(ledger.event(E1)).toMatchObject({ status: 'voided', voidReason: 'wrong patient' });
  });

  it('works within one batch', () => {
    const ledger = fold([registered(E1), voided(E1)]);
    expect(ledger.totals.get('cg-1#2026-03')).toMatchObject({ eventCount: 0, totalCents: 0, pendingCents: 0 });
  });

  it.each([
    ['a voided event', () => [registered(E1), voided(E1), voided(E1)], 'already-voided'],
    ['a reimbursed event', () => [registered(E1), reimbursement({ eventIds: [E1] }), voided(E1)], 'already-reimbursed'],
  ])('refuses to void %s, shows why, and changes no sum', (_label, records, reason) => {
    const batch = records();
    const before = fold(batch.slice(0, -1));
    const ledger = fold(batch);
    expect(ledger.decisions[ledger.decisions.length - 1]).toEqual({ offset: batch[batch.length - 1].offset, kind: 'void-refused', reason });
    expect(ledger.totals).toEqual(before.totals);
    expect(ledger.voidRefusals).toEqual([expect.objectContaining({ eventId: E1, reason, at: batch[batch.length - 1].record.recordedAt })]);
  });

  it("ignores a void naming another caregiver than the event's: nothing shows on any event, no sum changes", () => {
    const batch = [registered(E1), voided(E1, 'cg-2')];
    const before = fold(batch.slice(0, 1));
    const ledger = fold(batch);
    expect(ledger.decisions[1]).toEqual({ offset: batch[1].offset, kind: 'void-ignored', reason: 'other-caregiver' });
    expect(ledger.totals).toEqual(before.totals);
    expect(ledger.voidRefusals).toEqual([]);
    expect(ledger.event(E1)).toMatchObject({ status: 'pending' });
  });

  it('ignores a void of an event nobody registered', () => {
    const ledger = fold([voided(E3)]);
    expect(ledger.decisions).toEqual([{ offset: 0, kind: 'void-ignored', reason: 'unknown-event' }]);
    expect(ledger.totals.size).toBe(0);
    expect(ledger.voidRefusals).toEqual([]);
  });
});

describe('reimbursements', () => {
  it('moves the listed events from pending to reimbursed, across months, and records the outcome', () => {
    const ledger = fold(
      [registered(E1), registered(E2, 'cg-1', '2026-02-27T10:00:00+01:00', 'bathing', 30_000), registered(E3)],
      [reimbursement({ eventIds: [E1, E2], reference: 'payout-7' })],
    );
    expect(ledger.totals.get('cg-1#2026-03')).toMatchObject({ eventCount: 2, totalCents: 90_000, pendingCents: 45_000, reimbursedCents: 45_000 });
    expect(ledger.totals.get('cg-1#2026-02')).toMatchObject({ eventCount: 1, totalCents: 30_000, pendingCents: 0, reimbursedCents: 30_000 });
    expect(ledger.event(E1)).toMatchObject({ status: 'reimbursed', reimbursementId: R1 });
    expect(ledger.event(E3)).toMatchObject({ status: 'pending' });
    expect(ledger.reimbursements.get(R1)).toEqual({
      reimbursementId: R1,
      caregiverId: 'cg-1',
      months: ['2026-02', '2026-03'],
      status: 'completed',
      eventIds: [E1, E2],
      amountCents: 75_000,
      currency: 'SEK',
      reference: 'payout-7',
      rejections: [],
      requestedAt: at(3),
      decidedAt: at(3),
      requestedBy: 'user:alice',
    });
  });

  it('pays everything pending in a caregiver-month, including events of the same batch, and nothing else', () => {
    const ledger = fold(
      [registered(E1), registered(E2, 'cg-1', '2026-02-27T10:00:00+01:00'), registered('00000000-0000-4000-8000-000000000009', 'cg-2')],
      [registered(E3), voided(E1), reimbursement({ month: '2026-03' })],
    );
    expect(ledger.reimbursements.get(R1)).toMatchObject({ status: 'completed', month: '2026-03', eventIds: [E3], amountCents: 45_000 });
    expect(ledger.totals.get('cg-1#2026-03')).toMatchObject({ eventCount: 1, pendingCents: 0, reimbursedCents: 45_000 });
    expect(ledger.totals.get('cg-1#2026-02')).toMatchObject({ pendingCents: 45_000, reimbursedCents: 0 });
    expect(ledger.totals.get('cg-2#2026-03')).toMatchObject({ pendingCents: 45_000, reimbursedCents: 0 });
  });

  it('rejects a month with nothing pending', () => {
    const ledger = fold([registered(E1), reimbursement({ eventIds: [E1] }), reimbursement({ reimbursementId: R2, month: '2026-03' })]);
    expect(ledger.reimbursements.get(R2)).toMatchObject({ status: 'rejected', reason: 'nothing-pending', eventIds: [], amountCents: 0 });
  });

  it('rejects all or nothing, naming the reason of each refused event', () => {
    const ledger = fold(
      [registered(E1), registered(E2), voided(E2), registered('00000000-0000-4000-8000-000000000009', 'cg-2')],
      [reimbursement({ reimbursementId: R2, eventIds: [E1] })],
      [reimbursement({ eventIds: [E1, E2, E3, '00000000-0000-4000-8000-000000000009'] })],
    );
    expect(ledger.reimbursements.get(R1)).toMatchObject({
      status: 'rejected',
      reason: 'events-rejected',
      amountCents: 0,
      eventIds: [E1, E2, E3, '00000000-0000-4000-8000-000000000009'],
      rejections: [
        { eventId: E1, reason: 'already-reimbursed' },
        { eventId: E2, reason: 'voided' },
        { eventId: E3, reason: 'unknown' },
        { eventId: '00000000-0000-4000-8000-000000000009', reason: 'other-caregiver' },
      ],
    });
    expect(ledger.event(E1)).toMatchObject({ reimbursementId: R2 });
  });

  it('gives a repeated reimbursementId no second effect, even with other contents', () => {
    const ledger = fold([registered(E1), registered(E2)], [reimbursement({ eventIds: [E1] })], [reimbursement({ eventIds: [E2] }), reimbursement({ month: '2026-03' })]);
    expect(kinds(ledger).slice(-3)).toEqual(['reimbursed', 'reimbursement-repeated', 'reimbursement-repeated']);
    expect(ledger.event(E2)).toMatchObject({ status: 'pending' });
    expect(ledger.reimbursements.get(R1)).toMatchObject({ eventIds: [E1] });
  });
});

describe('recorded decisions', () => {
  const records = () => [registered(E1), registered(E2), reimbursement({ month: '2026-03' }), voided(E1), registered(E3), voided(E3)];

  it('are needed: deciding again against half-written state would decide otherwise', () => {
    const earlier = [registered(E1), registered(E2)];
    const batch = [reimbursement({ month: '2026-03' }), registered(E3)];
    const ledger = fold(earlier);
    const decisions = decideBatch(ledger, batch);
    expect(decisions.map((d) => d.kind)).toEqual(['reimbursed', 'registered']);
    // A crash after the batch's writes, before its applied offset was saved: the redelivered batch
    // would see E3 as already there, pay it with the month, and never count its registration.
    ledger.apply(effectsOf(batch, decisions, 'SEK'));
    const again = decideBatch(ledger, batch);
    expect(again.map((d) => d.kind)).toEqual(['reimbursement-repeated', 'retry']);
    const fromScratch = decideBatch(fold([...earlier, registered(E3)]), batch);
    expect(fromScratch[0]).toMatchObject({ kind: 'reimbursed', events: expect.arrayContaining([expect.objectContaining({ eventId: E3 })]) });
  });

  it('give the same effects when applied again, without reading state', () => {
    const batch = records();
    const decisions: LedgerDecision[] = decideBatch(new InMemoryLedger(), batch);
    expect(effectsOf(batch, decisions, 'SEK')).toEqual(effectsOf(batch, JSON.parse(JSON.stringify(decisions)) as LedgerDecision[], 'SEK'));
  });

  it('are the same whatever the batch boundaries', () => {
    const all = records();
    const once = fold(all);
    for (let cut = 1; cut < all.length; cut++) {
      const split = fold(all.slice(0, cut), all.slice(cut));
      expect(split.decisions).toEqual(once.decisions);
      expect(split.totals).toEqual(once.totals);
      expect(split.reimbursements).toEqual(once.reimbursements);
    }
  });

  it('refuse to apply a record without its decision', () => {
    const batch = records();
    expect(() => effectsOf(batch, [], 'SEK')).toThrow(/no decision for offset 0/);
  });
});

describe('the partition state the projector keeps', () => {
  const all = () => [
    registered(E1),
    registered(E2, 'cg-1', '2026-02-27T10:00:00+01:00'),
    registered(E1),
    voided(E2),
    reimbursement({ month: '2026-03' }),
    registered(E3),
    voided(E3, 'cg-1', 'x'),
    voided(E1),
    reimbursement({ reimbursementId: R2, eventIds: [E1, E3] }),
    reimbursement({ reimbursementId: R2, month: '2026-03' }),
  ];

  it('decides every batch as the whole ledger does, moved forward by each batch\'s effects only', () => {
    const batch = all();
    for (const cuts of [[1, 4, 7], [2, 3], [5, 9]]) {
      const full = new InMemoryLedger();
      const state = new LedgerState();
      const decisions: LedgerDecision[] = [];
      [0, ...cuts].forEach((from, i) => {
        const part = batch.slice(from, [...cuts, batch.length][i]);
        full.fold(part);
        const decided = decideBatch(state, part);
        state.apply(effectsOf(part, decided, 'SEK'));
        decisions.push(...decided);
      });
      expect(decisions).toEqual(full.decisions);
    }
  });

  it('is loaded from events and their statuses as stored', () => {
    const ledger = fold(all());
    const loaded = new LedgerState([...ledger.events.values()], [...ledger.reimbursements.keys()]);
    expect(loaded.size).toBe(3);
    expect(loaded.event(E1)).toEqual({ eventId: E1, caregiverId: 'cg-1', eventType: 'home-visit', occurredAt: '2026-03-10T10:00:00+01:00', month: '2026-03', amountCents: 45_000, status: 'reimbursed' });
    expect(loaded.pendingEvents('cg-1', '2026-03')).toEqual([]);
    expect(loaded.hasReimbursement(R2)).toBe(true);
  });

  it('keeps each caregiver\'s pending events by month, apart from other caregivers and months, as settlements move them', () => {
    const batch = [
      registered(E1, 'cg-1', '2026-03-10T10:00:00+01:00'),
      registered(E2, 'cg-1', '2026-02-10T10:00:00+01:00'),
      registered(E3, 'cg-2', '2026-03-11T10:00:00+01:00'),
      voided(E1, 'cg-1'),
    ];
    const state = new LedgerState();
    state.apply(effectsOf(batch, decideBatch(state, batch), 'SEK'));
    const pending = (caregiverId: string, month: string) => state.pendingEvents(caregiverId, month).map((e) => e.eventId);
    expect([pending('cg-1', '2026-03'), pending('cg-1', '2026-02'), pending('cg-2', '2026-03'), pending('cg-2', '2026-02')]).toEqual([[], [E2], [E3], []]);
    expect(state.event(E1)).toEqual({ eventId: E1, caregiverId: 'cg-1', eventType: 'home-visit', occurredAt: '2026-03-10T10:00:00+01:00', month: '2026-03', amountCents: 45_000, status: 'voided' });
    expect([state.hasCaregiver('cg-1'), state.hasCaregiver('cg-2'), state.hasCaregiver('cg-3')]).toEqual([true, true, false]);
  });

  it('gives a record one totals contribution per month it changes, and every later record contributions of its own', () => {
    const batch = [
      registered(E1, 'cg-1', '2026-03-10T10:00:00+01:00'),
      registered(E2, 'cg-1', '2026-02-10T10:00:00+01:00'),
      registered(E3, 'cg-1', '2026-03-12T10:00:00+01:00'),
      reimbursement({ eventIds: [E1, E2, E3] }),
      voided(E2, 'cg-1'),
    ];
    const { totals } = effectsOf(batch, decideBatch(new LedgerState(), batch), 'SEK');
    expect(totals.map((g) => g.caregiverId)).toEqual(['cg-1']);
    expect(totals[0].contributions.map((c) => [c.offset, c.month, c.delta.eventCount, c.delta.pendingCents, c.delta.reimbursedCents])).toEqual([
      [0, '2026-03', 1, 45_000, 0],
      [1, '2026-02', 1, 45_000, 0],
      [2, '2026-03', 1, 45_000, 0],
      [3, '2026-03', 0, -90_000, 90_000],
      [3, '2026-02', 0, -45_000, 45_000],
    ]);
  });

});
