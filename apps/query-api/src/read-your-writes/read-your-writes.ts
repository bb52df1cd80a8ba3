import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { PositionNotReachedError } from '@reimbursements/domain/errors/position-not-reached.error';
import { decodePosition, positionReached } from '@reimbursements/domain/position/log-position';
import { ReportReader } from '@reimbursements/domain/ports/report-reader.port';
import { Injectable } from '@nestjs/common';
import { QueryApiSettings } from '../query-api.settings';

const POLL_MS = 50;

/** Holds a query until the read models include the write whose position the client passes. */
@Injectable()
export class ReadYourWrites {
  constructor(
    private readonly reader: ReportReader,
    private readonly settings: QueryApiSettings,
  ) {}

  async waitFor(minPosition: string | undefined): Promise<void> {
    if (minPosition === undefined) return;
    const wanted = decodePosition(minPosition);
    if (!wanted) {
      throw new DomainError('QUERY.INVALID', 'The query is not valid.', [
        { field: 'minPosition', message: 'not a position this API gave' },
      ]);
    }
    const deadline = Date.now() + this.settings.READ_YOUR_WRITES_TIMEOUT_MS;
    while (!positionReached(await this.reader.appliedPosition(), wanted)) {
      if (Date.now() >= deadline) throw new PositionNotReachedError();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }
}
