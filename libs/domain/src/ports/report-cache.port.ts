/** A disposable cache of query answers; a miss or an outage only costs a read of the read models. */
export abstract class ReportCache {
  abstract get<T>(key: string): Promise<T | undefined>;
  abstract set(key: string, value: unknown, ttlSeconds: number): Promise<void>;
}
