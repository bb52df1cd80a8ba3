import { VoidRefusalReason } from './ledger-decision';
import { LedgerEvent } from './ledger-event';

/** An event as the query side shows it: its ledger entry and the last void that was refused. */
export interface EventView extends LedgerEvent {
  voidRefusal?: { reason: VoidRefusalReason; at: string };
}
