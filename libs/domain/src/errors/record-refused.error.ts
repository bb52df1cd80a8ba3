/**
 * The store refused a write for what the documents hold (a character it cannot store, a document
 * over its size limit, a rule), so writing the same records again fails the same way. Thrown by
 * the store adapters; the fold then finds the refused record and stops its partition there
 * (exactly-once-fold.ts). An outage or a timeout is never this: it is retried, never stuck.
 */
export class RecordRefusedError extends Error {
  constructor(
    /** What the store said, for operators (it names no secret). */
    readonly reason: string,
    override readonly cause?: unknown,
  ) {
    super(`the store refused the write: ${reason}`);
    this.name = 'RecordRefusedError';
  }
}
