/** The read models did not reach the position a client asked to read from within the wait. */
export class PositionNotReachedError extends Error {
  constructor(readonly retryAfterSeconds = 1) {
    super('read models behind the requested position');
    this.name = 'PositionNotReachedError';
  }
}
