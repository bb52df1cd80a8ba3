export const FAULT_POINTS = ['after-decisions', 'between-writes', 'after-read-model-writes', 'before-offset-commit'] as const;
export type FaultPoint = (typeof FAULT_POINTS)[number];

/**
 * Lets the crash tests stop the projector with SIGKILL exactly at a write boundary of the fold,
 * on the n-th time it gets there. Off unless PROJECTOR_FAULT names a point.
 */
export class FaultInjection {
  private hits = 0;

  constructor(
    private readonly point: FaultPoint | 'none',
    private readonly afterHits: number,
  ) {}

  reached(point: FaultPoint): void {
    if (point !== this.point) return;
    this.hits += 1;
    if (this.hits >= this.afterHits) process.kill(process.pid, 'SIGKILL');
  }
}
