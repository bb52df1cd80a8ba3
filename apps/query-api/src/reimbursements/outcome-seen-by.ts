import { LedgerReader } from '@reimbursements/domain/ports/ledger-reader.port';
import { ReimbursementOutcome } from '@reimbursements/domain/reimbursements/reimbursement-outcome';
import { eventsToPlace, rejectionsSeenBy } from '@reimbursements/domain/reimbursements/rejections-seen-by';
import { CaregiverScope } from '@reimbursements/domain/scope/caregiver-scope';

/** An outcome as a reader with this scope may see it (rejectionsSeenBy), looking up only the events it must place. */
export async function outcomeSeenBy(outcome: ReimbursementOutcome, scope: CaregiverScope, ledger: LedgerReader): Promise<ReimbursementOutcome> {
  const toPlace = eventsToPlace(outcome.rejections, scope);
  const placed = new Map(await Promise.all(toPlace.map(async (eventId) => [eventId, (await ledger.event(eventId))?.caregiverId] as const)));
  return { ...outcome, rejections: rejectionsSeenBy(outcome.rejections, scope, outcome.caregiverId, (eventId) => placed.get(eventId)) };
}
