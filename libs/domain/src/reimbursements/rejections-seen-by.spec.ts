import { EventRejection } from '../ledger/ledger-decision';
import { eventsToPlace, rejectionsSeenBy } from './rejections-seen-by';

const stored: EventRejection[] = [
  { eventId: 'e-foreign', reason: 'other-caregiver' },
  { eventId: 'e-b', reason: 'other-caregiver' },
  { eventId: 'e-nobody', reason: 'unknown' },
  { eventId: 'e-voided', reason: 'voided' },
  { eventId: 'e-paid', reason: 'already-reimbursed' },
];
/** e-b-elsewhere: cg-b's event on another partition than cg-a's, which the fold decided as unknown. */
const owners: Record<string, string> = { 'e-foreign': 'cg-x', 'e-b': 'cg-b', 'e-b-elsewhere': 'cg-b', 'e-a-later': 'cg-a' };
const placed = (id: string) => owners[id];

describe('rejections as a reader sees them', () => {
  it('shows an unscoped reader (an admin) the stored reasons, looking up only the unknown ones', () => {
    expect(eventsToPlace(stored, null)).toEqual(['e-nobody']);
    expect(rejectionsSeenBy(stored, null, 'cg-a', placed)).toEqual(stored);
  });

  it("names other-caregiver for an event the fold decided as unknown that the ledger holds for another caregiver, as the fold names one it knew", () => {
    const decided: EventRejection[] = [
      { eventId: 'e-b-elsewhere', reason: 'unknown' },
      { eventId: 'e-nobody', reason: 'unknown' },
      // Registered for the outcome's own caregiver after the request: unknown when it was decided.
      { eventId: 'e-a-later', reason: 'unknown' },
    ];
    expect(rejectionsSeenBy(decided, null, 'cg-a', placed).map((r) => r.reason)).toEqual(['other-caregiver', 'unknown', 'unknown']);
    expect(rejectionsSeenBy(decided, ['cg-a', 'cg-b'], 'cg-a', placed).map((r) => r.reason)).toEqual(['other-caregiver', 'unknown', 'unknown']);
    expect(rejectionsSeenBy(decided, ['cg-a', 'cg-c'], 'cg-a', placed).map((r) => r.reason)).toEqual(['unknown', 'unknown', 'unknown']);
  });

  it("shows a scope of one caregiver `unknown` for every other caregiver's event, without looking any up", () => {
    expect(eventsToPlace(stored, ['cg-a'])).toEqual([]);
    expect(rejectionsSeenBy(stored, ['cg-a'], 'cg-a').map((r) => r.reason)).toEqual(['unknown', 'unknown', 'unknown', 'voided', 'already-reimbursed']);
  });

  it('shows a wider scope other-caregiver only for events of caregivers inside it', () => {
    expect(eventsToPlace(stored, ['cg-a', 'cg-b'])).toEqual(['e-foreign', 'e-b', 'e-nobody']);
    expect(rejectionsSeenBy(stored, ['cg-a', 'cg-b'], 'cg-a', placed).map((r) => r.reason)).toEqual([
      'unknown',
      'other-caregiver',
      'unknown',
      'voided',
      'already-reimbursed',
    ]);
  });

  it('shows `unknown` for an event it cannot place', () => {
    expect(rejectionsSeenBy([{ eventId: 'gone', reason: 'other-caregiver' }], ['cg-a', 'cg-b'], 'cg-a', () => undefined)).toEqual([{ eventId: 'gone', reason: 'unknown' }]);
  });
});
