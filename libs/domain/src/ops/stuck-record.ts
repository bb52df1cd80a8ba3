/** A record a partition's fold cannot get past: refused by the store, or unreadable by this build. */
export interface StuckRecord {
  offset: number;
  /** Unknown when the record could not be read at all. */
  recordId: string | null;
  recordType: string | null;
  reason: string;
  /** ISO instant at which the partition became stuck. */
  since: string;
}

/** A record of a batch the consumer could not read as any known type and version. */
export interface UnreadableRecord {
  offset: number;
  recordId: string | null;
  recordType: string | null;
  reason: string;
}
