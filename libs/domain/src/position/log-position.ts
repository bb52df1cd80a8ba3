/**
 * How far the log has been written or applied: per `topic:partition`, the offset of the last record
 * included. Clients see it only as an opaque token.
 */
export type LogPosition = Record<string, number>;

export function partitionKey(topic: string, partition: number): string {
  return `${topic}:${partition}`;
}

/** Keys sorted: the same position always gives the same token, however it was put together. */
export function encodePosition(position: LogPosition): string {
  const sorted = Object.fromEntries(Object.entries(position).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return Buffer.from(JSON.stringify(sorted), 'utf8').toString('base64url');
}

export function decodePosition(token: string): LogPosition | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    const entries = Object.entries(value);
    if (!entries.every(([key, offset]) => /^.+:\d+$/.test(key) && Number.isSafeInteger(offset) && offset >= -1)) {
      return undefined;
    }
    return Object.fromEntries(entries) as LogPosition;
  } catch {
    return undefined;
  }
}

/** The later of two positions, partition by partition. */
export function mergePositions(a: LogPosition, b: LogPosition): LogPosition {
  const merged = { ...a };
  for (const [key, offset] of Object.entries(b)) merged[key] = Math.max(merged[key] ?? -1, offset);
  return merged;
}

/** True when `applied` includes everything `wanted` names. */
export function positionReached(applied: LogPosition, wanted: LogPosition): boolean {
  return Object.entries(wanted).every(([key, offset]) => (applied[key] ?? -1) >= offset);
}

/** The position of one appended record, as a command answers it. */
export function positionOfRecord(record: { topic: string; partition: number; offset: number }): string {
  return encodePosition({ [partitionKey(record.topic, record.partition)]: record.offset });
}
