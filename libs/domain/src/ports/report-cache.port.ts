/** A disposable cache of query answers; a miss or an outage only costs a read of the read models. */
export abstract class ReportCache {
  /** The entries of `keys`, in order (undefined: absent), in one round trip. */
  abstract getMany<T>(keys: readonly string[]): Promise<(T | undefined)[]>;
  /** Stores every entry, in one round trip. */
  abstract setMany(entries: readonly { key: string; value: unknown }[], ttlSeconds: number): Promise<void>;
}
