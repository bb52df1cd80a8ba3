import { BatchEffects } from './batch-effects';
import { linesOfEffects, linesOfState, restoreLines } from './decision-state-snapshot';
import { LedgerState } from './ledger-state';

const event = (eventId: string, caregiverId = 'cg-1') => ({
  eventId,
  caregiverId,
  eventType: 'home-visit',
  occurredAt: '2026-03-10T10:00:00+01:00',
  month: '2026-03',
  amountCents: 45_000,
  currency: 'SEK',
  recordedAt: 'x',
  recordedBy: 'u',
  correlationId: 'c',
  partition: 0,
  offset: 1,
});

function effects(partial: Partial<BatchEffects>): BatchEffects {
  return { events: [], settlements: [], voidRefusals: [], reimbursements: [], totals: [], ...partial };
}

function snapshot(state: LedgerState) {
  return {
    events: [...state.allEvents()].sort((a, b) => (a.eventId < b.eventId ? -1 : 1)),
    reimbursements: [...state.allReimbursementIds()].sort(),
  };
}

describe('decision state lines', () => {
  const first = effects({ events: [event('e1'), event('e2', 'cg-2')] });
  const second = effects({
    settlements: [{ eventId: 'e1', caregiverId: 'cg-1', month: '2026-03', status: 'reimbursed', reimbursementId: 'r1', at: 'x', partition: 0, offset: 2 }],
    reimbursements: [{ reimbursementId: 'r1' } as BatchEffects['reimbursements'][number]],
  });

  it('restores from the lines of each flush the state the flushes left', () => {
    const live = new LedgerState();
    live.apply(first);
    live.apply(second);
    const restored = new LedgerState();
    restoreLines(restored, linesOfEffects(first));
    restoreLines(restored, linesOfEffects(second));
    expect(snapshot(restored)).toEqual(snapshot(live));
    expect(restored.event('e1')?.status).toBe('reimbursed');
    expect(restored.hasReimbursement('r1')).toBe(true);
    expect(restored.pendingEvents('cg-2', '2026-03').map((e) => e.eventId)).toEqual(['e2']);
  });

  it('restores the whole state from its parts, however it is cut', () => {
    const live = new LedgerState();
    live.apply(first);
    live.apply(second);
    for (const perPart of [1, 2, 1000]) {
      const restored = new LedgerState();
      for (const part of linesOfState(live, perPart)) restoreLines(restored, part);
      expect(snapshot(restored)).toEqual(snapshot(live));
    }
  });

  it('gives the same state when the lines of a flush are applied twice (a crashed attempt and its replay)', () => {
    const once = new LedgerState();
    restoreLines(once, linesOfEffects(first));
    restoreLines(once, linesOfEffects(second));
    const twice = new LedgerState();
    restoreLines(twice, linesOfEffects(first));
    restoreLines(twice, linesOfEffects(first));
    restoreLines(twice, linesOfEffects(second));
    restoreLines(twice, linesOfEffects(second));
    expect(snapshot(twice)).toEqual(snapshot(once));
  });
});
