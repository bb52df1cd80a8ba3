/** Where each partition of a topic ends, read from the broker. */
export abstract class LogEnds {
  /** By partition: the offset of its last record (-1 when empty). */
  abstract lastOffsets(topic: string): Promise<Map<number, number>>;
}
