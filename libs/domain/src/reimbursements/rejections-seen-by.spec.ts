import { EventRejection } from '../ledger/ledger-decision';
import { eventsToPlace, rejectionsSeenBy } from './rejections-seen-by';

const stored: EventRejection[] = [
  { eventId: 'e-foreign', reason: 'other-caregiver' },
  { eventId: 'e-b', reason: 'other-caregiver' },
  { eventId: 'e-nobody', reason: 'unknown' },
  { eventId: 'e-voided', reason: 'voided' },
  { eventId: 'e-paid', reason: 'already-reimbursed' },
];
const owners: Record<string, string> = { 'e-foreign': 'cg-x', 'e-b': 'cg-b' };

describe('rejections as a reader sees them', () => {
  it('shows an unscoped reader (an admin) the stored reasons', () => {
    expect(rejectionsSeenBy(stored, null)).toEqual(stored);
    expect(eventsToPlace(stored, null)).toEqual([]);
  });

  it('shows a scope of one caregiver `unknown` for every other caregiver\'s event, without looking any up', () => {
    expect(eventsToPlace(stored, ['cg-a'])).toEqual([]);
    expect(rejectionsSeenBy(stored, ['cg-a']).map((r) => r.reason)).toEqual(['unknown', 'unknown', 'unknown', 'voided', 'already-reimbursed']);
  });

  it('shows a wider scope other-caregiver only for events of caregivers inside it', () => {
    expect(eventsToPlace(stored, ['cg-a', 'cg-b'])).toEqual(['e-foreign', 'e-b']);
    expect(rejectionsSeenBy(stored, ['cg-a', 'cg-b'], (id) => owners[id]).map((r) => r.reason)).toEqual([
      'unknown',
      'other-caregiver',
      'unknown',
      'voided',
      'already-reimbursed',
    ]);
  });

  it('shows `unknown` for an event it cannot place', () => {
    expect(rejectionsSeenBy([{ eventId: 'gone', reason: 'other-caregiver' }], ['cg-a', 'cg-b'], () => undefined)).toEqual([{ eventId: 'gone', reason: 'unknown' }]);
  });
});
