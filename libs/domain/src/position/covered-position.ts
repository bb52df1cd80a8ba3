import { LogPosition, partitionKey } from './log-position';

/**
 * The part of `applied` an answer about some caregivers depends on: the offsets of the log
 * partitions that hold their records (`partitions`; null: every partition). A partition that has
 * applied nothing yet is named with -1, so its first fold changes the result too.
 */
export function coveredPosition(applied: LogPosition, topic: string, partitions: ReadonlySet<number> | null): LogPosition {
  const covered: LogPosition = {};
  const prefix = `${topic}:`;
  if (partitions === null) {
    for (const [key, offset] of Object.entries(applied)) if (key.startsWith(prefix)) covered[key] = offset;
    return covered;
  }
  for (const partition of [...partitions].sort((a, b) => a - b)) covered[partitionKey(topic, partition)] = applied[partitionKey(topic, partition)] ?? -1;
  return covered;
}

/** The partitions `applied` names for `topic`. */
export function appliedPartitions(applied: LogPosition, topic: string): number[] {
  const prefix = `${topic}:`;
  return Object.keys(applied)
    .filter((key) => key.startsWith(prefix))
    .map((key) => Number(key.slice(prefix.length)));
}
