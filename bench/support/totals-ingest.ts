import { CaregiverTotalsContributions } from '@reimbursements/domain/projections/monthly-totals.fold';
import { emptyMonthSums, MonthSums } from '@reimbursements/domain/projections/monthly-totals';
import { MongoFoldProgress } from '@reimbursements/mongo/mongo-fold-progress';
import { MongoReadModelWrites } from '@reimbursements/mongo/mongo-read-model-writes';
import { Db } from 'mongodb';
import { SeededRandom } from './prng';

/**
 * Ingest as the projector's flushes leave it, at a steady rate: every tick, events for the
 * current month of some caregivers and month reimbursements of last month, each caregiver's
 * document changed once per flush by the projector's own MongoReadModelWrites, then the partitions'
 * applied offsets. It stands in for command-api + Kafka + projector so that the figure measures
 * the query side, not the machine's ability to fold (bench:fold measures that).
 */
export class TotalsIngest {
  events = 0;
  reimbursements = 0;
  flushes = 0;
  private running = false;
  private done: Promise<void> | undefined;

  constructor(
    private readonly db: Db,
    private readonly projection: string,
    private readonly topic: string,
    private readonly partitionOf: (caregiverId: string) => number,
    private readonly nextOffset: number[],
    private readonly caregivers: string[],
    private readonly months: { current: string; last: string },
    /** Pending sums of last month per caregiver, moved to reimbursed by a reimbursement. */
    private readonly pendingLastMonth: Map<string, MonthSums>,
    private readonly random: SeededRandom,
  ) {}

  /**
   * Every tick, one flush of every record due since the start that is not written yet: behind
   * schedule (a flush outlasting its tick on a busy server), the next flush carries more records,
   * as the projector's next batch would, so the rate asked is the rate written.
   */
  start(perSecond: number, tickMs = 250): void {
    this.running = true;
    this.done = (async () => {
      const started = Date.now();
      let written = 0;
      let next = started;
      while (this.running) {
        const due = Math.floor(((Date.now() - started) * perSecond) / 1000) - written;
        if (due > 0) {
          await this.flush(due);
          written += due;
        }
        next += tickMs;
        const wait = next - Date.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        else next = Date.now();
      }
    })();
  }

  async stop(): Promise<void> {
    this.running = false;
    await this.done;
  }

  private async flush(records: number): Promise<void> {
    const groups = new Map<string, CaregiverTotalsContributions>();
    const touched = new Map<number, number>();
    const touchedMonths = new Map<number, Set<string>>();
    for (let i = 0; i < records; i += 1) {
      const caregiverId = this.caregivers[this.random.int(0, this.caregivers.length - 1)];
      const partition = this.partitionOf(caregiverId);
      const offset = this.nextOffset[partition]++;
      touched.set(partition, offset);
      const months = touchedMonths.get(partition) ?? new Set<string>();
      touchedMonths.set(partition, months);
      const group = groups.get(caregiverId) ?? { caregiverId, contributions: [] };
      groups.set(caregiverId, group);
      // One record in ten is a reimbursement of last month (when there is something pending).
      const pending = this.pendingLastMonth.get(caregiverId);
      if (i % 10 === 9 && pending && pending.pendingCents > 0) {
        const delta = { ...emptyMonthSums(), pendingCents: -pending.pendingCents, reimbursedCents: pending.pendingCents };
        group.contributions.push({ offset, month: this.months.last, delta });
        pending.reimbursedCents += pending.pendingCents;
        pending.pendingCents = 0;
        months.add(this.months.last);
        this.reimbursements += 1;
        continue;
      }
      months.add(this.months.current);
      group.contributions.push({ offset, month: this.months.current, delta: { eventCount: 1, totalCents: 1000, pendingCents: 1000, reimbursedCents: 0, byType: { visit: { count: 1, totalCents: 1000 } } } });
      this.events += 1;
    }
    // The projector's chunk on FerretDB (PROJECTOR_WRITE_CHUNK, 8 by default); every caregiver has a document.
    await new MongoReadModelWrites(this.db, 8).addTotals([...groups.values()], { absent: new Set(), mayBeApplied: false }, async () => undefined);
    const progress = new MongoFoldProgress(this.db);
    for (const [partition, offset] of touched) await progress.apply(this.projection, this.topic, partition, offset, [...(touchedMonths.get(partition) ?? [])]);
    this.flushes += 1;
  }
}
