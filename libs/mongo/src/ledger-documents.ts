import { LedgerEvent } from '@reimbursements/domain/ledger/ledger-event';
import { LedgerEventDocument, SettlementDocument } from './collections';

/** An event as registered, with its settlement if it has one. */
export function ledgerEventOf(doc: LedgerEventDocument, settlement: SettlementDocument | undefined): LedgerEvent {
  const { _id, partition: _partition, offset: _offset, ...registered } = doc;
  return {
    ...registered,
    eventId: _id,
    status: settlement?.status ?? 'pending',
    ...(settlement?.reimbursementId !== undefined ? { reimbursementId: settlement.reimbursementId } : {}),
    ...(settlement?.voidReason !== undefined ? { voidReason: settlement.voidReason } : {}),
  };
}
