import { FoldObserver } from './exactly-once-fold';

/** An observer that notes nothing, but what `overrides` asks for: for the protocol's tests and the benchmarks. */
export function quietFoldObserver(overrides: Partial<FoldObserver> = {}): FoldObserver {
  return {
    reached: () => undefined,
    decided: () => undefined,
    unreadable: () => undefined,
    flushed: () => undefined,
    stateLoaded: () => undefined,
    refused: () => undefined,
    stuck: () => undefined,
    unstuck: () => undefined,
    skipped: () => undefined,
    ...overrides,
  };
}
