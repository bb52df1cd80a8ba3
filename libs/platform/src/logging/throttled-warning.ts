/** How often a dependency that keeps failing is warned about: once per outage-sized interval, not once per request. */
export const OUTAGE_WARNING_INTERVAL_MS = 30_000;

/**
 * Counts the failures of a dependency the app works without (Redis for a cache, counters or a
 * check) and warns at most once per interval, with the number of failures since the last warning:
 * an outage under load would otherwise write a warning for every request, burying the one line
 * that says what is wrong.
 */
export class ThrottledWarning {
  private lastWarningAt = -Infinity;
  private unreported = 0;

  constructor(
    private readonly intervalMs = OUTAGE_WARNING_INTERVAL_MS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counts one failure; calls `warn` with the failures since the last warning (this one included) when the interval has passed. */
  failed(warn: (failures: number) => void): void {
    this.unreported += 1;
    const now = this.now();
    if (now - this.lastWarningAt < this.intervalMs) return;
    warn(this.unreported);
    this.lastWarningAt = now;
    this.unreported = 0;
  }
}
