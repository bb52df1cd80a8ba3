import { BatchEffects, RegisteredLedgerEvent, Settlement } from './batch-effects';
import { EventState, EventStatus } from './ledger-event';
import { LedgerState } from './ledger-state';

function registered(eventId: string, caregiverId: string, month: string, amountCents = 45_000, eventType = 'home-visit'): RegisteredLedgerEvent {
  return {
    eventId,
    caregiverId,
    eventType,
    // A fresh copy per record, as JSON.parse gives each record its own strings.
    occurredAt: `${month}-10T10:00:00+01:00`.slice(0),
    month,
    amountCents,
    currency: 'SEK',
    recordedAt: '2026-03-10T10:00:01Z',
    recordedBy: 'u',
    correlationId: 'c',
    partition: 0,
    offset: 1,
  };
}

function settled(eventId: string, status: Settlement['status']): Settlement {
  return { eventId, caregiverId: 'unused', month: 'unused', status, at: '2026-03-11T00:00:00Z', partition: 0, offset: 2 };
}

function effects(partial: Partial<BatchEffects>): BatchEffects {
  return { events: [], settlements: [], voidRefusals: [], reimbursements: [], totals: [], ...partial };
}

function stateOf(event: RegisteredLedgerEvent, status: EventStatus): EventState {
  const { eventId, caregiverId, eventType, occurredAt, month, amountCents } = event;
  return { eventId, caregiverId, eventType, occurredAt, month, amountCents, status };
}

describe('LedgerState', () => {
  it('gives back each event applied as it stands, and nothing for an id it never held', () => {
    const e1 = registered('e1', 'cg-1', '2026-03', 12_345);
    const state = new LedgerState();
    state.apply(effects({ events: [e1, registered('e2', 'cg-2', '2026-04')] }));

    expect(state.size).toBe(2);
    expect(state.event('e1')).toEqual(stateOf(e1, 'pending'));
    expect(state.event('e3')).toBeUndefined();
    expect([state.holds('e1'), state.holds('e3')]).toEqual([true, false]);
    expect(state.hasCaregiver('cg-2')).toBe(true);
    expect(state.hasCaregiver('cg-3')).toBe(false);
  });

  it('keeps the first registration of an id and moves its status with each settlement', () => {
    const first = registered('e1', 'cg-1', '2026-03', 100);
    const state = new LedgerState();
    state.apply(effects({ events: [first, registered('e1', 'cg-9', '2026-05', 999)] }));
    expect(state.event('e1')).toEqual(stateOf(first, 'pending'));

    state.apply(effects({ settlements: [settled('e1', 'voided'), settled('unknown', 'reimbursed')] }));
    expect(state.event('e1')).toEqual(stateOf(first, 'voided'));
    expect(state.size).toBe(1);
  });

  it("lists a caregiver-month's pending events in the order they were first put, and no settled one", () => {
    const state = new LedgerState();
    state.apply(
      effects({
        events: [registered('b', 'cg-1', '2026-03'), registered('a', 'cg-1', '2026-03'), registered('c', 'cg-1', '2026-04'), registered('d', 'cg-2', '2026-03'), registered('e', 'cg-1', '2026-03')],
      }),
    );
    state.apply(effects({ settlements: [settled('a', 'reimbursed')] }));

    expect(state.pendingEvents('cg-1', '2026-03').map((e) => e.eventId)).toEqual(['b', 'e']);
    expect(state.pendingEvents('cg-1', '2026-05')).toEqual([]);
    expect(state.pendingEvents('cg-3', '2026-03')).toEqual([]);
    expect(state.hasCaregiver('cg-3')).toBe(false);
  });

  it('hands back one copy of each caregiver, type and month, whatever copies it was given', () => {
    const state = new LedgerState();
    state.apply(effects({ events: [registered('e1', 'cg-1', '2026-03'), registered('e2', ['cg', '1'].join('-'), ['2026', '03'].join('-'))] }));

    const [one, two] = state.pendingEvents('cg-1', '2026-03');
    expect(two.caregiverId).toBe(one.caregiverId);
    expect(two.month).toBe(one.month);
    expect(two.eventType).toBe(one.eventType);
  });

  it('restores an event held with its new status, and one restored under another caregiver-month moves there', () => {
    const e1 = registered('e1', 'cg-1', '2026-03');
    const state = new LedgerState([stateOf(e1, 'pending')], ['r1']);
    state.restore({ ...stateOf(e1, 'pending'), status: 'reimbursed' });
    expect(state.event('e1')?.status).toBe('reimbursed');
    expect(state.hasReimbursement('r1')).toBe(true);

    state.restore({ ...stateOf(e1, 'pending'), caregiverId: 'cg-2', month: '2026-04' });
    expect(state.pendingEvents('cg-1', '2026-03')).toEqual([]);
    expect(state.pendingEvents('cg-2', '2026-04').map((e) => e.eventId)).toEqual(['e1']);
    expect(state.size).toBe(1);
  });

  it('refuses an event whose status it does not know, rather than count it as pending', () => {
    const event = { ...stateOf(registered('e1', 'cg-1', '2026-03'), 'pending'), status: 'lost' as EventStatus };
    expect(() => new LedgerState([event])).toThrow('an event status this build does not know: "lost"');
    expect(() => new LedgerState().restore({ ...event, status: 'constructor' as EventStatus })).toThrow('"constructor"');
  });

  it('holds as many events as it is given, each as an object per event would: a reference model over a seeded run', () => {
    // UUIDs as the command-api writes them, and now and then an id of another form.
    const idOf = (i: number) => (i % 7 === 0 ? `e${i}` : `5f0c8a2e-1b3d-4c5e-8f70-${i.toString(16).padStart(12, '0')}`);
    let seed = 7;
    const random = (n: number) => {
      seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31;
      return seed % n;
    };
    const model = new Map<string, EventState>();
    const state = new LedgerState();
    for (let i = 0; i < 5_000; i += 1) {
      const event = registered(idOf(i), `cg-${random(40)}`, `2026-0${1 + random(9)}`, random(100_000), `type-${random(4)}`);
      const settlements = i > 0 && random(4) === 0 ? [settled(idOf(random(i)), random(2) === 0 ? 'voided' : 'reimbursed')] : [];
      state.apply(effects({ events: [event], settlements }));
      model.set(event.eventId, stateOf(event, 'pending'));
      for (const s of settlements) model.set(s.eventId, { ...model.get(s.eventId)!, status: s.status });
    }

    expect(state.size).toBe(model.size);
    expect([...state.allEvents()]).toEqual([...model.values()]);
    for (const caregiver of ['cg-0', 'cg-17', 'cg-39']) {
      for (const month of ['2026-01', '2026-05', '2026-09']) {
        const pending = [...model.values()].filter((e) => e.caregiverId === caregiver && e.month === month && e.status === 'pending');
        expect(state.pendingEvents(caregiver, month)).toEqual(pending);
      }
    }
  });
});
