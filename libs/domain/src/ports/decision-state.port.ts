import { BatchEffects } from '../ledger/batch-effects';
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
   * Called once a flush of the records after `fromOffset` up to `toOffset` is applied, with its
   * effects and the state they led to: a store may keep them compactly so that loadPartition need
   * not read every ledger document again (a restart at millions of events). A flush it missed (a
   * crash right after the apply) must make it fall back to the documents, never to a wrong state.
   */
  abstract remember(partition: number, fromOffset: number, toOffset: number, effects: BatchEffects, state: LedgerState): Promise<void>;
}
