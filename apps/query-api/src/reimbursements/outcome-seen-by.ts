import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { ReimbursementOutcome } from '@reimbursements/domain/reimbursements/reimbursement-outcome';
import { eventsToPlace, rejectionsSeenBy } from '@reimbursements/domain/reimbursements/rejections-seen-by';
import { CaregiverScope } from '@reimbursements/domain/scope/caregiver-scope';

/**
 * Outcomes as a reader with this scope may see them (rejectionsSeenBy), placing the events they
 * must place with one bounded read for them all: a page of outcomes full of unknown ids is one
 * lookup per distinct id, a few at a time, not three queries per id at once.
 */
export async function outcomesSeenBy(outcomes: ReimbursementOutcome[], scope: CaregiverScope, ledger: LedgerReader): Promise<ReimbursementOutcome[]> {
  const toPlace = outcomes.flatMap((outcome) => eventsToPlace(outcome.rejections, scope));
  const placed = toPlace.length === 0 ? new Map<string, string>() : await ledger.caregiversOf(toPlace);
  return outcomes.map((outcome) => ({ ...outcome, rejections: rejectionsSeenBy(outcome.rejections, scope, outcome.caregiverId, (eventId) => placed.get(eventId)) }));
}
