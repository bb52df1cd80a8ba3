import { LogPosition, mergePositions } from './log-position';

/**
 * Per log partition (`topic:partition`), per month (`YYYY-MM`): the last offset of a flush that
 * changed that month's totals. Written by the fold with the applied offset, in the same update, so
 * a month whose entry did not move between two applied positions had no write in between.
 */
export type MonthWrites = Record<string, Record<string, number>>;

/** What the query side knows of the read models without reading them: how far they are, and which months moved when. */
export interface AppliedState {
  position: LogPosition;
  monthWrites: MonthWrites;
}

/** Both only move forward: the later of each offset. */
export function mergeAppliedStates(a: AppliedState, b: AppliedState): AppliedState {
  const monthWrites: MonthWrites = { ...a.monthWrites };
  for (const [partition, months] of Object.entries(b.monthWrites)) {
    const merged = { ...monthWrites[partition] };
    for (const [month, offset] of Object.entries(months)) merged[month] = Math.max(merged[month] ?? -1, offset);
    monthWrites[partition] = merged;
  }
  return { position: mergePositions(a.position, b.position), monthWrites };
}

/**
 * The last write to any month from `from` to `to` on one partition (`topic:partition`); -1 when
 * none was ever made. A partition applied without month writes (folded by a projector from before
 * they were recorded) answers its applied offset: every month may have moved up to it.
 */
export function lastMonthWrite(state: AppliedState, partition: string, from: string, to: string): number {
  const months = state.monthWrites[partition];
  if (months === undefined) return state.position[partition] ?? -1;
  let last = -1;
  for (const [month, offset] of Object.entries(months)) if (month >= from && month <= to && offset > last) last = offset;
  return last;
}
