import { prng } from '../testing/prng';
import { EVENT_TYPE_DEFINED } from '../catalog/event-type-defined.record';
import { EVENT_REGISTERED, EventRegisteredV1 } from '../events/event-registered.record';
import { PositionedRecord } from '../records/record-envelope';
import { parseRfc3339Instant } from '../time/rfc3339-instant';
import { effectsOf } from '../ledger/batch-effects';
import { decideBatch } from '../ledger/decide-batch';
import { InMemoryLedger, upcastLogRecords } from '../ledger/in-memory-ledger';
import { StoredLogRecord } from '../records/log-record';
import { addChange, CaregiverTotalsChange, CaregiverTotalsContributions, changeAfter, Contribution } from './monthly-totals.fold';
import { emptyMonthlyTotals, emptyMonthSums, MonthlyTotals, MonthSums } from './monthly-totals';

const STOCKHOLM = 'Europe/Stockholm';

/** The monthly-totals part of one batch's effects, decided against an empty ledger. */
function groupContributions(records: PositionedRecord<StoredLogRecord>[], timeZone: string): CaregiverTotalsContributions[] {
  const current = upcastLogRecords(records, timeZone);
  return effectsOf(current, decideBatch(new InMemoryLedger(timeZone), current), 'SEK').totals;
}

/** The whole fold in memory, starting from the given totals. */
function foldMonthlyTotals(
  state: ReadonlyMap<string, MonthlyTotals>,
  records: PositionedRecord<StoredLogRecord>[],
  timeZone: string,
): Map<string, MonthlyTotals> {
  const ledger = new InMemoryLedger(timeZone);
  for (const [id, totals] of state) ledger.totals.set(id, totals);
  ledger.fold(records);
  return ledger.totals;
}

function contribution(offset: number, month: string, eventType: string, amountCents: number): Contribution {
  return {
    offset,
    month,
    delta: { eventCount: 1, totalCents: amountCents, pendingCents: amountCents, reimbursedCents: 0, byType: { [eventType]: { count: 1, totalCents: amountCents } } },
  };
}
const TOPIC = 'reimbursements.log';

function registered(
  offset: number,
  caregiverId: string,
  eventType: string,
  occurredAt: string,
  amountCents: number,
  partition = 0,
): PositionedRecord<StoredLogRecord> {
  const record: EventRegisteredV1 = {
    recordId: `rec-${partition}-${offset}`,
    type: EVENT_REGISTERED,
    schemaVersion: 1,
    recordedAt: '2027-01-01T00:00:00.000Z',
    correlationId: `corr-${offset}`,
    recordedBy: 'system:test',
    payload: { eventId: `ev-${partition}-${offset}`, caregiverId, eventType, occurredAt, amountCents, currency: 'SEK' },
  };
  return { topic: TOPIC, partition, offset, record };
}

/** A record of another type on the same topic (a newer writer's record, say): the fold must ignore it. */
function otherRecord(offset: number, partition = 0): PositionedRecord<StoredLogRecord> {
  const record = {
    recordId: `rec-${partition}-${offset}`,
    type: EVENT_TYPE_DEFINED,
    schemaVersion: 1,
    recordedAt: '2027-01-01T00:00:00.000Z',
    correlationId: `corr-${offset}`,
    recordedBy: 'system:test',
    payload: { code: 'x', name: 'X', amountCents: 1_000_000, currency: 'SEK' },
  };
  return { topic: TOPIC, partition, offset, record: record as unknown as StoredLogRecord };
}

describe('groupContributions', () => {
  it('groups by caregiver and business month, in log order, ignoring other record types', () => {
    const groups = groupContributions(
      [
        registered(10, 'cg-1', 'bathing', '2026-01-15T10:00:00Z', 300),
        registered(11, 'cg-2', 'bathing', '2026-01-20T10:00:00Z', 300),
        otherRecord(12),
        registered(13, 'cg-1', 'assessment', '2026-02-03T10:00:00+01:00', 1_250),
        registered(14, 'cg-1', 'assessment', '2026-01-31T08:00:00Z', 1_250),
        // 23:30Z on Dec 31 is already January in Stockholm.
        registered(15, 'cg-2', 'wound-care', '2025-12-31T23:30:00Z', 725),
      ],
      STOCKHOLM,
    );
    expect(groups).toEqual([
      {
        caregiverId: 'cg-1',
        contributions: [
          contribution(10, '2026-01', 'bathing', 300),
          contribution(13, '2026-02', 'assessment', 1_250),
          contribution(14, '2026-01', 'assessment', 1_250),
        ],
      },
      {
        caregiverId: 'cg-2',
        contributions: [contribution(11, '2026-01', 'bathing', 300), contribution(15, '2026-01', 'wound-care', 725)],
      },
    ]);
  });

  it('uses the given business time zone', () => {
    const records = [registered(0, 'cg-1', 'bathing', '2025-12-31T23:30:00Z', 300)];
    expect(groupContributions(records, STOCKHOLM)[0].contributions[0].month).toBe('2026-01');
    expect(groupContributions(records, 'UTC')[0].contributions[0].month).toBe('2025-12');
  });

  it('gives no group for a batch without events', () => {
    expect(groupContributions([otherRecord(0), otherRecord(1)], STOCKHOLM)).toEqual([]);
    expect(groupContributions([], STOCKHOLM)).toEqual([]);
  });
});

describe('changeAfter', () => {
  const group: CaregiverTotalsContributions = {
    caregiverId: 'cg-1',
    contributions: [
      contribution(3, '2026-03', 'bathing', 300),
      contribution(7, '2026-03', 'assessment', 1_000),
      contribution(8, '2026-04', 'bathing', 200),
      contribution(9, '2026-03', 'bathing', 350),
    ],
  };

  it('sums every contribution per month when the document holds none of them', () => {
    expect(changeAfter(group, -1)).toEqual({
      caregiverId: 'cg-1',
      firstOffset: 3,
      lastOffset: 9,
      months: {
        '2026-03': {
          eventCount: 3,
          totalCents: 1_650,
          pendingCents: 1_650,
          reimbursedCents: 0,
          byType: { bathing: { count: 2, totalCents: 650 }, assessment: { count: 1, totalCents: 1_000 } },
        },
        '2026-04': { eventCount: 1, totalCents: 200, pendingCents: 200, reimbursedCents: 0, byType: { bathing: { count: 1, totalCents: 200 } } },
      },
    });
  });

  it.each([
    [2, 3, 9, 3, 1_650],
    [3, 7, 9, 2, 1_350],
    [5, 7, 9, 2, 1_350],
    [7, 8, 9, 1, 350],
    [8, 9, 9, 1, 350],
  ])('after offset %i sums offsets %i..%i: %i events, %i cents in the first month', (applied, first, last, count, cents) => {
    const change = changeAfter(group, applied);
    expect(change).toMatchObject({ firstOffset: first, lastOffset: last, months: { '2026-03': { eventCount: count, totalCents: cents, pendingCents: cents } } });
  });

  it('only counts the months and types of the remaining contributions', () => {
    expect(changeAfter(group, 8)?.months).toEqual({
      '2026-03': { eventCount: 1, totalCents: 350, pendingCents: 350, reimbursedCents: 0, byType: { bathing: { count: 1, totalCents: 350 } } },
    });
  });

  it.each([9, 10, 1_000])('gives undefined when the document already holds offset %i', (applied) => {
    expect(changeAfter(group, applied)).toBeUndefined();
  });

  it('gives undefined for a group without contributions', () => {
    expect(changeAfter({ ...group, contributions: [] }, -1)).toBeUndefined();
  });

  it('shares no object with the contributions: they stay as they were, and a second change is equal to the first', () => {
    const before = structuredClone(group);
    const change = changeAfter(group, -1) as CaregiverTotalsChange;
    change.months['2026-04'].eventCount += 100;
    change.months['2026-04'].byType.bathing.count += 100;
    expect(group).toEqual(before);
    expect(changeAfter(group, 2)).toEqual(changeAfter(before, 2));
  });

  it('sums as adding each contribution with addChange does, months and types in first-seen order', () => {
    const random = prng(20261130);
    const pick = <T>(items: T[]) => items[Math.floor(random() * items.length)];
    for (let round = 0; round < 50; round++) {
      const contributions: Contribution[] = [];
      for (let offset = 0; contributions.length < 40; offset += pick([0, 1, 1, 2])) {
        const sums = pick([
          { eventCount: 1, totalCents: 500, pendingCents: 500, reimbursedCents: 0 },
          { eventCount: -1, totalCents: -500, pendingCents: -500, reimbursedCents: 0 },
          { eventCount: 0, totalCents: 0, pendingCents: -500, reimbursedCents: 500 },
        ]);
        const byType = sums.eventCount === 0 ? {} : { [pick(['bathing', 'assessment', 'night'])]: { count: sums.eventCount, totalCents: sums.totalCents } };
        contributions.push({ offset, month: pick(['2026-01', '2026-02', '2025-12']), delta: { ...sums, byType } });
      }
      const applied = pick([-1, 5, 20, 1_000]);
      const pending = contributions.filter((c) => c.offset > applied);
      const months: Record<string, MonthSums> = {};
      for (const { month, delta } of pending) months[month] = addChange(months[month] ?? emptyMonthSums(), delta);
      const change = changeAfter({ caregiverId: 'cg-1', contributions }, applied);
      if (pending.length === 0) expect(change).toBeUndefined();
      else expect(change).toEqual({ caregiverId: 'cg-1', firstOffset: pending[0].offset, lastOffset: pending[pending.length - 1].offset, months });
      // toEqual ignores key order, which a stored document keeps: the months and types must come in the same order.
      expect(JSON.stringify(change?.months ?? {})).toBe(JSON.stringify(months));
    }
  });
});

describe('addChange', () => {
  it('adds sums and per-type breakdowns, keeping the identity of the totals', () => {
    const totals: MonthlyTotals = {
      ...emptyMonthlyTotals('cg-1', '2026-03'),
      eventCount: 2,
      totalCents: 500,
      pendingCents: 400,
      reimbursedCents: 100,
      byType: { bathing: { count: 2, totalCents: 500 } },
    };
    const change: MonthlyTotals = {
      ...emptyMonthlyTotals('cg-1', '2026-03'),
      eventCount: 2,
      totalCents: 1_300,
      pendingCents: 1_300,
      byType: { bathing: { count: 1, totalCents: 300 }, assessment: { count: 1, totalCents: 1_000 } },
    };
    expect(addChange(totals, change)).toEqual({
      caregiverId: 'cg-1',
      month: '2026-03',
      eventCount: 4,
      totalCents: 1_800,
      pendingCents: 1_700,
      reimbursedCents: 100,
      byType: { bathing: { count: 3, totalCents: 800 }, assessment: { count: 1, totalCents: 1_000 } },
    });
    expect(totals.byType).toEqual({ bathing: { count: 2, totalCents: 500 } });
  });
});

/* ---------- Randomized checks against an independent oracle ---------- */

const HOUR = 3_600_000;
const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** 01:00 UTC on the last Sunday of a month: when the EU switches between CET and CEST. */
function euSwitch(year: number, monthIndex: number): number {
  const lastDay = new Date(Date.UTC(year, monthIndex + 1, 0));
  return Date.UTC(year, monthIndex, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** The Stockholm month of an epoch instant by the EU rule (UTC+1, UTC+2 in summer), without Intl. */
function oracleStockholmMonth(epochMs: number): string {
  const year = new Date(epochMs).getUTCFullYear();
  const summer = epochMs >= euSwitch(year, 2) && epochMs < euSwitch(year, 9);
  const local = new Date(epochMs + (summer ? 2 : 1) * HOUR);
  return `${local.getUTCFullYear()}-${pad(local.getUTCMonth() + 1)}`;
}

/** Writes an epoch instant as RFC 3339 with the given offset in minutes, as a sender might. */
function formatWithOffset(epochMs: number, offsetMinutes: number): string {
  const local = new Date(epochMs + offsetMinutes * 60_000).toISOString().slice(0, 23);
  if (offsetMinutes === 0) return `${local}Z`;
  const sign = offsetMinutes > 0 ? '+' : '-';
  const abs = Math.abs(offsetMinutes);
  return `${local}${sign}${pad(Math.floor(abs / 60))}:${pad(abs % 60)}`;
}

interface Truth {
  isEvent: boolean;
  caregiverId: string;
  eventType: string;
  amountCents: number;
  epochMs: number;
}

interface Generated {
  records: PositionedRecord<StoredLogRecord>[];
  truths: Truth[];
}

const CAREGIVERS = ['cg-1', 'cg-2', 'cg-3', 'cg-4', 'cg-5'];
const RATES: Record<string, number[]> = { assessment: [12_500, 13_000], bathing: [30_000], 'wound-care': [7_250, 7_500, 0] };
const TYPES = Object.keys(RATES);
const OFFSETS_MINUTES = [0, 60, 120, -300, -330, 330, 540, 0];
const FROM = Date.UTC(2025, 0, 1);
const TO = Date.UTC(2027, 0, 1);

/**
 * `count` records in log order over two partitions (a caregiver always in the same one), with
 * gaps in the offsets, a few records of another type, and many instants near month boundaries.
 */
function generate(seed: number, count = 500): Generated {
  const random = prng(seed);
  const pick = <T>(items: T[]): T => items[Math.floor(random() * items.length)];
  const nextOffset = [0, 0];
  const records: PositionedRecord<StoredLogRecord>[] = [];
  const truths: Truth[] = [];
  for (let i = 0; i < count; i++) {
    const caregiverIndex = Math.floor(random() * CAREGIVERS.length);
    const partition = caregiverIndex % 2;
    const offset = nextOffset[partition] + (random() < 0.1 ? 1 + Math.floor(random() * 3) : 0);
    nextOffset[partition] = offset + 1;
    if (random() < 0.04) {
      records.push(otherRecord(offset, partition));
      truths.push({ isEvent: false, caregiverId: '', eventType: '', amountCents: 0, epochMs: 0 });
      continue;
    }
    let epochMs: number;
    if (random() < 0.4) {
      const monthStart = Date.UTC(2025 + Math.floor(random() * 2), Math.floor(random() * 12), 1);
      epochMs = monthStart + Math.round((random() * 2 - 1) * 4 * HOUR);
    } else {
      epochMs = FROM + Math.floor(random() * (TO - FROM));
    }
    const caregiverId = CAREGIVERS[caregiverIndex];
    const eventType = pick(TYPES);
    const amountCents = pick(RATES[eventType]);
    records.push(registered(offset, caregiverId, eventType, formatWithOffset(epochMs, pick(OFFSETS_MINUTES)), amountCents, partition));
    truths.push({ isEvent: true, caregiverId, eventType, amountCents, epochMs });
  }
  return { records, truths };
}

/** The read model computed the naive way, straight from the generated facts. */
function oracle(truths: Truth[]): Record<string, MonthlyTotals> {
  const result: Record<string, MonthlyTotals> = {};
  for (const t of truths) {
    if (!t.isEvent) continue;
    const month = oracleStockholmMonth(t.epochMs);
    const id = `${t.caregiverId}#${month}`;
    const row = (result[id] ??= {
      caregiverId: t.caregiverId,
      month,
      eventCount: 0,
      totalCents: 0,
      pendingCents: 0,
      reimbursedCents: 0,
      byType: {},
    });
    row.eventCount += 1;
    row.totalCents += t.amountCents;
    row.pendingCents += t.amountCents;
    const byType = (row.byType[t.eventType] ??= { count: 0, totalCents: 0 });
    byType.count += 1;
    byType.totalCents += t.amountCents;
  }
  return result;
}

const SEEDS = [1, 2, 3, 42, 2026, 31337];

describe('the generator and the oracle (checks of the test itself)', () => {
  it.each([
    ['2026-03-29T00:59:59Z', '2026-03'],
    ['2026-03-31T21:59:59Z', '2026-03'],
    ['2026-03-31T22:00:00Z', '2026-04'],
    ['2026-10-31T22:59:59Z', '2026-10'],
    ['2026-10-31T23:00:00Z', '2026-11'],
    ['2025-12-31T23:00:00Z', '2026-01'],
    ['2025-03-31T22:00:00Z', '2025-04'],
    ['2025-10-31T22:30:00Z', '2025-10'],
  ])('the oracle puts %s in %s', (instant, month) => {
    expect(oracleStockholmMonth(Date.parse(instant))).toBe(month);
  });

  it('writes instants that parse back to themselves and covers month boundaries', () => {
    const { records, truths } = generate(7);
    let differsFromUtc = 0;
    records.forEach(({ record }, i) => {
      if (!truths[i].isEvent) return;
      expect(parseRfc3339Instant((record as EventRegisteredV1).payload.occurredAt)?.getTime()).toBe(truths[i].epochMs);
      const utcMonth = new Date(truths[i].epochMs).toISOString().slice(0, 7);
      if (utcMonth !== oracleStockholmMonth(truths[i].epochMs)) differsFromUtc += 1;
    });
    expect(differsFromUtc).toBeGreaterThan(20);
    expect(Object.keys(oracle(truths)).length).toBeGreaterThan(100);
  });
});

describe('foldMonthlyTotals', () => {
  it.each(SEEDS)('equals the naive computation on 500 random records (seed %i)', (seed) => {
    const { records, truths } = generate(seed);
    const folded = foldMonthlyTotals(new Map(), records, STOCKHOLM);
    expect(Object.fromEntries(folded)).toEqual(oracle(truths));
  });

  it.each(SEEDS)('gives the same result folded in two steps as in one (seed %i)', (seed) => {
    const { records } = generate(seed);
    const cut = Math.floor(records.length / 3);
    const inSteps = foldMonthlyTotals(foldMonthlyTotals(new Map(), records.slice(0, cut), STOCKHOLM), records.slice(cut), STOCKHOLM);
    expect(Object.fromEntries(inSteps)).toEqual(Object.fromEntries(foldMonthlyTotals(new Map(), records, STOCKHOLM)));
  });

  it('adds to the state it is given without changing it', () => {
    const existing: MonthlyTotals = {
      ...emptyMonthlyTotals('cg-1', '2026-01'),
      eventCount: 1,
      totalCents: 100,
      pendingCents: 100,
      byType: { bathing: { count: 1, totalCents: 100 } },
    };
    const state = new Map([['cg-1#2026-01', existing]]);
    const next = foldMonthlyTotals(state, [registered(0, 'cg-1', 'bathing', '2026-01-10T10:00:00Z', 300)], STOCKHOLM);
    expect(next.get('cg-1#2026-01')).toMatchObject({ eventCount: 2, totalCents: 400, byType: { bathing: { count: 2, totalCents: 400 } } });
    expect(state.get('cg-1#2026-01')).toBe(existing);
    expect(existing.totalCents).toBe(100);
  });
});
