import { LedgerState } from '../ledger/ledger-state';

/** What the fold's decisions read, from the ledger read model. */
export abstract class DecisionState {
  /**
   * A partition's events and reimbursements as the records up to `upToOffset` left them. Documents
   * of later records (a flush that crashed half-way) are left out, so a replay decides against
   * exactly the state the first attempt saw.
   */
  abstract loadPartition(partition: number, upToOffset: number, heartbeat: () => Promise<void>): Promise<LedgerState>;
  /**
   * Events held by other partitions than `ownPartition` (a void or reimbursement naming another
   * caregiver's event), by id. The own partition's are left out even when their documents exist:
   * they may be ahead of the records being decided (written by a later flush, or another writer).
   */
  abstract loadForeign(eventIds: string[], ownPartition: number): Promise<LedgerState>;
}
