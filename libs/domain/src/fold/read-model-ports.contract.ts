import { BatchEffects, RegisteredLedgerEvent } from '../ledger/batch-effects';
import { LedgerState } from '../ledger/ledger-state';
import { DecisionState } from '../ports/decision-state.port';
import { FoldProgress, NOTHING_APPLIED } from '../ports/fold-progress.port';
import { ReadModelWrites } from '../ports/read-model-writes.port';
import { CaregiverTotalsContributions, emptyDelta } from '../projections/monthly-totals.fold';
import { MonthSums } from '../projections/monthly-totals';
import { CaregiverTotalsDoc } from './in-memory-read-models';

/** One adapter of the fold's ports, as the contract suite drives it. */
export interface ReadModelPortsUnderTest {
  progress: FoldProgress;
  writes: ReadModelWrites;
  state: DecisionState;
  /** Makes the next write stop part-way (after `units` of its own units of work) with an error. */
  stopPartWay(units: number): void;
  totals(caregiverId: string): Promise<CaregiverTotalsDoc | undefined>;
  /** The ids of the ledger documents, per kind, sorted. */
  ledgerIds(): Promise<LedgerIds>;
  /** The months `apply` recorded for a partition, each with its last offset. */
  monthWrites(projection: string, topic: string, partition: number): Promise<Record<string, number>>;
  dispose(): Promise<void>;
}

export interface LedgerIds {
  events: string[];
  settlements: string[];
  voidRefusals: string[];
  reimbursements: string[];
}

const NO_HEARTBEAT = async (): Promise<void> => undefined;
const FRESH = { absent: new Set<string>(), mayBeApplied: false };

function sums(eventCount: number, totalCents: number, eventType = 'bathing'): MonthSums {
  return { ...emptyDelta(), eventCount, totalCents, pendingCents: totalCents, byType: { [eventType]: { count: eventCount, totalCents } } };
}

/** One registration per offset, 100 öre each, in the months given. */
function contributions(caregiverId: string, offsets: number[], month = '2026-03'): CaregiverTotalsContributions {
  return { caregiverId, contributions: offsets.map((offset) => ({ offset, month, delta: sums(1, 100) })) };
}

function event(eventId: string, partition: number, offset: number, caregiverId = 'cg-1'): RegisteredLedgerEvent {
  return {
    eventId,
    caregiverId,
    eventType: 'bathing',
    occurredAt: '2026-03-10T10:00:00+01:00',
    month: '2026-03',
    amountCents: 100,
    currency: 'SEK',
    recordedAt: '2026-03-10T10:00:01.000Z',
    recordedBy: 'user:test',
    correlationId: `corr-${offset}`,
    partition,
    offset,
  };
}

function inserts(events: RegisteredLedgerEvent[], extra: Partial<BatchEffects> = {}): Omit<BatchEffects, 'totals'> {
  return { events, settlements: [], voidRefusals: [], reimbursements: [], ...extra };
}

/**
 * What every adapter of FoldProgress, ReadModelWrites and DecisionState must do, so that the
 * in-memory one the protocol's unit tests run on cannot drift from MongoDB's.
 */
export function readModelPortsContract(create: () => Promise<ReadModelPortsUnderTest>): void {
  let ports: ReadModelPortsUnderTest;

  beforeEach(async () => {
    ports = await create();
  });

  afterEach(async () => {
    await ports.dispose();
  });

  describe('progress', () => {
    it('starts with nothing applied', async () => {
      expect(await ports.progress.read('p', 'log', 0)).toEqual(NOTHING_APPLIED);
    });

    it('keeps an attempt with its decisions until it is applied', async () => {
      await ports.progress.attempt('p', 'log', 0, 5, [{ offset: 4, kind: 'registered' }, { offset: 5, kind: 'void-ignored' }]);
      expect(await ports.progress.read('p', 'log', 0)).toEqual({
        applied: -1,
        attempted: 5,
        decisions: [{ offset: 4, kind: 'registered' }, { offset: 5, kind: 'void-ignored' }],
      });
      await ports.progress.apply('p', 'log', 0, 5, []);
      expect(await ports.progress.read('p', 'log', 0)).toEqual({ applied: 5, attempted: 5, decisions: [] });
      expect(await ports.progress.read('p', 'log', 1)).toEqual(NOTHING_APPLIED);
      expect(await ports.progress.read('other', 'log', 0)).toEqual(NOTHING_APPLIED);
    });

    it("keeps a later attempt's decisions when a writer that lost the partition applies an earlier one late", async () => {
      await ports.progress.attempt('p', 'log', 0, 5, [{ offset: 5, kind: 'registered' }]);
      await ports.progress.attempt('p', 'log', 0, 9, [{ offset: 8, kind: 'registered' }, { offset: 9, kind: 'void-ignored' }]);
      await ports.progress.apply('p', 'log', 0, 5, ['2026-01']);
      expect(await ports.progress.read('p', 'log', 0)).toEqual({ applied: 5, attempted: 9, decisions: [{ offset: 8, kind: 'registered' }, { offset: 9, kind: 'void-ignored' }] });
      await ports.progress.apply('p', 'log', 0, 9, []);
      expect(await ports.progress.read('p', 'log', 0)).toEqual({ applied: 9, attempted: 9, decisions: [] });
    });

    it('never moves the applied offset back (a writer that lost the partition finishing late)', async () => {
      await ports.progress.apply('p', 'log', 0, 9, []);
      await ports.progress.apply('p', 'log', 0, 4, []);
      expect((await ports.progress.read('p', 'log', 0)).applied).toBe(9);
    });

    it('records the months each apply changed with its offset, the later write kept, even from a writer finishing late', async () => {
      await ports.progress.apply('p', 'log', 0, 3, ['2026-02', '2026-03']);
      await ports.progress.apply('p', 'log', 0, 7, ['2026-03']);
      expect(await ports.monthWrites('p', 'log', 0)).toEqual({ '2026-02': 3, '2026-03': 7 });
      // A late writer's months still count (its writes may have landed after the other's apply); offsets never move back.
      await ports.progress.apply('p', 'log', 0, 5, ['2026-01', '2026-03']);
      expect(await ports.monthWrites('p', 'log', 0)).toEqual({ '2026-01': 5, '2026-02': 3, '2026-03': 7 });
      expect((await ports.progress.read('p', 'log', 0)).applied).toBe(7);
      // A partition's first apply, with no attempt before it.
      await ports.progress.apply('p', 'log', 1, 2, ['2025-12']);
      expect(await ports.monthWrites('p', 'log', 1)).toEqual({ '2025-12': 2 });
      expect(await ports.monthWrites('p', 'log', 2)).toEqual({});
    });
  });

  describe('ledger inserts', () => {
    it('inserts each document once, however often it is written', async () => {
      const batch = inserts([event('e1', 0, 1), event('e2', 0, 2)], {
        settlements: [{ eventId: 'e1', caregiverId: 'cg-1', month: '2026-03', status: 'voided', voidReason: 'twice', at: 'x', partition: 0, offset: 3 }],
      });
      await ports.writes.insertLedger(batch, NO_HEARTBEAT);
      await ports.writes.insertLedger(batch, NO_HEARTBEAT);
      const state = await ports.state.loadPartition(0, 3, NO_HEARTBEAT);
      expect(state.size).toBe(2);
      expect(state.event('e1')?.status).toBe('voided');
      expect(state.event('e2')?.status).toBe('pending');
    });

    it('completes a partial insert (some documents exist already) without duplicates', async () => {
      await ports.writes.insertLedger(inserts([event('e2', 0, 2)]), NO_HEARTBEAT);
      await ports.writes.insertLedger(inserts([event('e1', 0, 1), event('e2', 0, 2), event('e3', 0, 3)]), NO_HEARTBEAT);
      expect((await ports.state.loadPartition(0, 10, NO_HEARTBEAT)).size).toBe(3);
    });

    it('loads a partition as the records up to an offset left it, leaving later documents out', async () => {
      await ports.writes.insertLedger(
        inserts([event('e1', 0, 1), event('e2', 0, 5), event('e9', 1, 1, 'cg-9')], {
          settlements: [{ eventId: 'e1', caregiverId: 'cg-1', month: '2026-03', status: 'reimbursed', reimbursementId: 'r1', at: 'x', partition: 0, offset: 6 }],
        }),
        NO_HEARTBEAT,
      );
      const early = await ports.state.loadPartition(0, 4, NO_HEARTBEAT);
      expect(early.size).toBe(1);
      expect(early.event('e1')?.status).toBe('pending');
      expect(early.hasCaregiver('cg-9')).toBe(false);
      const late = await ports.state.loadPartition(0, 6, NO_HEARTBEAT);
      expect(late.event('e1')?.status).toBe('reimbursed');
      expect(late.event('e2')?.status).toBe('pending');
    });
    it('removes the documents one partition wrote in a range of offsets, and takes them again', async () => {
      const outcome = (reimbursementId: string, partition: number, offset: number) => ({
        reimbursementId,
        caregiverId: 'cg-1',
        months: ['2026-03'],
        status: 'completed' as const,
        eventIds: ['e1'],
        amountCents: 100,
        currency: 'SEK',
        rejections: [],
        requestedAt: 'x',
        decidedAt: 'x',
        requestedBy: 'user:test',
        partition,
        offset,
      });
      const refusal = (eventId: string, partition: number, offset: number) => ({ eventId, caregiverId: 'cg-1', reason: 'already-reimbursed' as const, at: 'x', partition, offset });
      const written = inserts([event('e1', 0, 1), event('e2', 0, 5), event('e9', 1, 7, 'cg-9')], {
        settlements: [{ eventId: 'e1', caregiverId: 'cg-1', month: '2026-03', status: 'reimbursed', reimbursementId: 'r1', at: 'x', partition: 0, offset: 5 }],
        voidRefusals: [refusal('e1', 0, 6), refusal('e1', 0, 4), refusal('e9', 1, 8)],
        reimbursements: [outcome('r1', 0, 5), outcome('r9', 1, 5)],
      });
      await ports.writes.insertLedger(written, NO_HEARTBEAT);

      await ports.writes.removeLedger(0, 5, 5, NO_HEARTBEAT);
      await ports.writes.removeLedger(0, 5, 5, NO_HEARTBEAT);

      expect(await ports.ledgerIds()).toEqual({ events: ['e1', 'e9'], settlements: [], voidRefusals: ['e1#0#4', 'e1#0#6', 'e9#1#8'], reimbursements: ['r9'] });
      await ports.writes.removeLedger(0, 5, 6, NO_HEARTBEAT);
      expect(await ports.ledgerIds()).toEqual({ events: ['e1', 'e9'], settlements: [], voidRefusals: ['e1#0#4', 'e9#1#8'], reimbursements: ['r9'] });
      await ports.writes.insertLedger(written, NO_HEARTBEAT);
      expect(await ports.ledgerIds()).toEqual({ events: ['e1', 'e2', 'e9'], settlements: ['e1'], voidRefusals: ['e1#0#4', 'e1#0#6', 'e9#1#8'], reimbursements: ['r1', 'r9'] });
    });
  });

  describe('decision state', () => {
    const settle = (eventId: string, offset: number) => ({ eventId, caregiverId: 'cg-1', month: '2026-03', status: 'voided' as const, voidReason: 'twice', at: 'x', partition: 0, offset });
    const states = (state: LedgerState) => [...state.allEvents()].map((e) => `${e.eventId}:${e.status}`).sort();

    it('loads what remembered flushes left, and reads the documents when a flush was not remembered', async () => {
      const live = new LedgerState();
      const flushes: [number, number, BatchEffects][] = [
        [-1, 2, { ...inserts([event('e1', 0, 1), event('e2', 0, 2)]), totals: [] }],
        [2, 6, { ...inserts([event('e3', 0, 4)], { settlements: [settle('e1', 6)] }), totals: [] }],
      ];
      for (const [from, to, effects] of flushes) {
        await ports.writes.insertLedger(effects, NO_HEARTBEAT);
        live.apply(effects);
        await ports.state.remember(0, from, to, effects, live);
      }
      expect(states(await ports.state.loadPartition(0, 6, NO_HEARTBEAT))).toEqual(['e1:voided', 'e2:pending', 'e3:pending']);
      expect(states(await ports.state.loadPartition(0, 2, NO_HEARTBEAT))).toEqual(['e1:pending', 'e2:pending']);
      // Applied, but not remembered (a crash in between): the documents tell.
      await ports.writes.insertLedger(inserts([event('e4', 0, 8)], { settlements: [settle('e2', 9)] }), NO_HEARTBEAT);
      expect(states(await ports.state.loadPartition(0, 9, NO_HEARTBEAT))).toEqual(['e1:voided', 'e2:voided', 'e3:pending', 'e4:pending']);
    });
  });

  describe('totals', () => {
    it('inserts absent documents and adds to present ones', async () => {
      await ports.writes.addTotals([contributions('cg-1', [1, 2])], { absent: new Set(['cg-1']), mayBeApplied: false }, NO_HEARTBEAT);
      const outcome = await ports.writes.addTotals([contributions('cg-1', [7], '2026-04')], FRESH, NO_HEARTBEAT);
      expect(outcome).toEqual({ written: 1, recovered: 0 });
      expect(await ports.totals('cg-1')).toEqual({ lastOffset: 7, months: { '2026-03': sums(2, 200), '2026-04': sums(1, 100) } });
    });

    it('recovers from a duplicate-key refusal: an insert of a document that exists adds only what it lacks', async () => {
      await ports.writes.addTotals([contributions('cg-1', [1, 2])], FRESH, NO_HEARTBEAT);
      const outcome = await ports.writes.addTotals([contributions('cg-1', [1, 2, 3])], { absent: new Set(['cg-1']), mayBeApplied: false }, NO_HEARTBEAT);
      expect(outcome.recovered).toBe(1);
      expect(await ports.totals('cg-1')).toEqual({ lastOffset: 3, months: { '2026-03': sums(3, 300) } });
    });

    it('completes a partial bulk write: inserts stopped at a document that exists', async () => {
      await ports.writes.addTotals([contributions('cg-2', [2])], FRESH, NO_HEARTBEAT);
      const groups = [contributions('cg-1', [1]), contributions('cg-2', [2, 5]), contributions('cg-3', [3])];
      await ports.writes.addTotals(groups, { absent: new Set(['cg-1', 'cg-2', 'cg-3']), mayBeApplied: false }, NO_HEARTBEAT);
      expect(await ports.totals('cg-1')).toEqual({ lastOffset: 1, months: { '2026-03': sums(1, 100) } });
      expect(await ports.totals('cg-2')).toEqual({ lastOffset: 5, months: { '2026-03': sums(2, 200) } });
      expect(await ports.totals('cg-3')).toEqual({ lastOffset: 3, months: { '2026-03': sums(1, 100) } });
    });

    it('refuses a guarded update of a document that holds some contributions, and adds only the rest', async () => {
      await ports.writes.addTotals([contributions('cg-1', [1, 2])], FRESH, NO_HEARTBEAT);
      const outcome = await ports.writes.addTotals([contributions('cg-1', [2, 3]), contributions('cg-2', [4])], { absent: new Set(['cg-2']), mayBeApplied: false }, NO_HEARTBEAT);
      expect(outcome).toEqual({ written: 1, recovered: 1 });
      expect(await ports.totals('cg-1')).toEqual({ lastOffset: 3, months: { '2026-03': sums(3, 300) } });
    });

    it('gives the same documents when a write that stopped part-way is written again as a replay', async () => {
      const groups = ['cg-1', 'cg-2', 'cg-3', 'cg-4'].map((c, i) => contributions(c, [i * 2, i * 2 + 1]));
      ports.stopPartWay(1);
      await expect(ports.writes.addTotals(groups, FRESH, NO_HEARTBEAT)).rejects.toThrow();
      const written = await Promise.all(groups.map((g) => ports.totals(g.caregiverId)));
      expect(written.filter((doc) => doc !== undefined).length).toBeLessThan(groups.length);
      await ports.writes.addTotals(groups, { absent: new Set(), mayBeApplied: true }, NO_HEARTBEAT);
      await ports.writes.addTotals(groups, { absent: new Set(), mayBeApplied: true }, NO_HEARTBEAT);
      for (const [i, group] of groups.entries()) {
        expect(await ports.totals(group.caregiverId)).toEqual({ lastOffset: i * 2 + 1, months: { '2026-03': sums(2, 200) } });
      }
    });
  });
}
