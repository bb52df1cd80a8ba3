import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { PositionNotReachedError } from '@reimbursements/domain/errors/position-not-reached.error';
import { decodePosition, LogPosition, positionReached } from '@reimbursements/domain/position/log-position';
import { Injectable } from '@nestjs/common';
import { QueryApiSettings } from '../query-api.settings';
import { AppliedPositions } from './applied-positions';

const POLL_MS = 50;

/** Holds a query until the read models include the write whose position the client passes. */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly positions: AppliedPositions,
    private readonly settings: QueryApiSettings,
  ) {}

  /**
   * The applied position an answer may reflect: at least `minPosition`. When the position already
   * known reaches it, no MongoDB round trip is made; otherwise it is read again until it does.
   */
  async waitFor(minPosition: string | undefined): Promise<LogPosition> {
    const known = await this.positions.current();
    if (minPosition === undefined) return known;
    const wanted = decodePosition(minPosition);
    if (!wanted) {
      throw new DomainError('QUERY.INVALID', 'The query is not valid.', [
        { field: 'minPosition', message: 'not a position this API gave' },
      ]);
    }
    if (positionReached(known, wanted)) return known;
    const deadline = Date.now() + this.settings.READ_YOUR_WRITES_TIMEOUT_MS;
    for (;;) {
      const applied = await this.positions.refresh();
      if (positionReached(applied, wanted)) return applied;
      if (Date.now() >= deadline) throw new PositionNotReachedError();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
