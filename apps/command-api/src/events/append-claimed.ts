import { AppendedRecord, EventLog, OutgoingRecord } from '@reimbursements/domain/ports/event-log.port';
import { RecentEventIds } from '@reimbursements/domain/ports/recent-event-ids.port';

/**
 * Appends records whose eventIds this request claimed as new. When the append fails, those ids may
 * not be in the log, so they are forgotten: the client's next use of them is judged afresh.
 */
export async function appendClaimed(
  eventLog: EventLog,
  recentEventIds: RecentEventIds,
  records: OutgoingRecord[],
  claimedEventIds: string[],
): Promise<AppendedRecord[]> {
  try {
    return await eventLog.append(records);
  } catch (error) {
    await recentEventIds.release(claimedEventIds);
    throw error;
  }
}
