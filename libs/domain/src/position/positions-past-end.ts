import { LogPosition } from './log-position';

/**
 * The `topic:partition` keys of `wanted` whose offset lies past the last record of its partition in
 * `lastOffsets`. The command API answers a write only once the broker has it, so a position it gave
 * never lies past the end: such a position is forged, or from another log, and can never be reached.
 * A partition whose end is not known is taken on trust.
 */
export function positionsPastEnd(wanted: LogPosition, lastOffsets: LogPosition): string[] {
  return Object.entries(wanted)
    .filter(([key, offset]) => lastOffsets[key] !== undefined && offset > lastOffsets[key])
    .map(([key]) => key);
}
