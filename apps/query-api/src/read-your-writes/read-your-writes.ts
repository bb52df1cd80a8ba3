import { DomainError } from '@reimbursements/domain/errors/domain-error';
import { PositionNotReachedError } from '@reimbursements/domain/errors/position-not-reached.error';
import { AppliedState } from '@reimbursements/domain/position/applied-state';
import { decodePosition, LogPosition, mergePositions, partitionKey, positionReached } from '@reimbursements/domain/position/log-position';
import { positionsPastEnd } from '@reimbursements/domain/position/positions-past-end';
import { LogEnds } from '@reimbursements/domain/ports/log-ends.port';
import { LogPartitions } from '@reimbursements/domain/ports/log-partitions.port';
import { PartitionCounts, unknownPartitions } from '@reimbursements/domain/position/unknown-partitions';
import { Injectable } from '@nestjs/common';
import { QueryApiSettings } from '../query-api.settings';
import { AppliedPositions } from './applied-positions';

const POLL_MS = 50;
/** How long the partition counts are reused: they change only when an operator adds partitions. */
const COUNTS_TTL_MS = 10_000;

/** Holds a query until the read models include the write whose position the client passes. */
@Injectable()
export class ReadYourWrites {
  private counts?: { value: PartitionCounts; at: number };
  /** The log's end offsets as last read: they only grow. */
  private seenEnds: LogPosition = {};

  constructor(
    private readonly positions: AppliedPositions,
    private readonly partitions: LogPartitions,
    private readonly ends: LogEnds,
    private readonly settings: QueryApiSettings,
  ) {}

  /**
   * The applied state an answer may reflect: its position at least `minPosition`. When the position
   * already known reaches it, no MongoDB round trip is made; otherwise it is read again until it does.
   */
  async waitFor(minPosition: string | undefined): Promise<AppliedState> {
    const known = await this.positions.current();
    if (minPosition === undefined) return known;
    const wanted = decodePosition(minPosition);
    if (!wanted) throw invalidPosition('not a position this API gave');
    // Reached, every partition it names already applied (so none unknown): no round trip at all.
    if (positionReached(known.position, wanted) && Object.keys(wanted).every((key) => key in known.position)) return known;
    // A forged position naming partitions that do not exist would hold a poller until the timeout.
    const unknown = await this.unknownPartitions(wanted);
    if (unknown.length > 0) throw invalidPosition(`names partitions the log does not have: ${unknown.join(', ')}`);
    const deadline = Date.now() + this.settings.READ_YOUR_WRITES_TIMEOUT_MS;
    // Beside the wait, not before it, so that a genuine position never waits for the broker.
    let pastEnd: string[] = [];
    void this.pastEnd(wanted).then((keys) => (pastEnd = keys));
    for (;;) {
      const applied = await this.positions.refresh();
      if (positionReached(applied.position, wanted)) return applied;
      if (pastEnd.length > 0) throw invalidPosition(`lies past the end of the log at ${pastEnd.join(', ')}`);
      if (Date.now() >= deadline) throw new PositionNotReachedError();
      await new Promise((resolve) => setTimeout(resolve, POLL_MS));
    }
  }

  /**
   * The partitions where `wanted` lies past the log's end; none when the broker cannot say (Kafka
   * down: the wait decides). Ends already seen that cover `wanted` spare the broker a round trip;
   * otherwise they are read afresh, after the request came (a write it names was in the log by then).
   */
  private async pastEnd(wanted: LogPosition): Promise<string[]> {
    if (positionReached(this.seenEnds, wanted)) return [];
    try {
      const topics = [...new Set(Object.keys(wanted).map((key) => key.slice(0, key.lastIndexOf(':'))))];
      const lastOffsets: LogPosition = {};
      for (const topic of topics) {
        for (const [partition, offset] of await this.ends.lastOffsets(topic)) lastOffsets[partitionKey(topic, partition)] = offset;
      }
      this.seenEnds = mergePositions(this.seenEnds, lastOffsets);
      return positionsPastEnd(wanted, lastOffsets);
    } catch {
      return [];
    }
  }

  /** Checked against fresh counts before refusing, so a partition added a moment ago is not refused. */
  private async unknownPartitions(wanted: LogPosition): Promise<string[]> {
    const topics = [this.settings.LOG_TOPIC, this.settings.CATALOG_TOPIC];
    const cached = this.counts && Date.now() - this.counts.at < COUNTS_TTL_MS ? this.counts.value : undefined;
    const unknown = unknownPartitions(wanted, topics, cached ?? (await this.freshCounts()));
    return unknown.length > 0 && cached ? unknownPartitions(wanted, topics, await this.freshCounts()) : unknown;
  }

  private async freshCounts(): Promise<PartitionCounts> {
    this.counts = { value: await this.partitions.counts(), at: Date.now() };
    return this.counts.value;
  }
}

function invalidPosition(message: string): DomainError {
  return new DomainError('QUERY.INVALID', 'The query is not valid.', [{ field: 'minPosition', message }]);
}
