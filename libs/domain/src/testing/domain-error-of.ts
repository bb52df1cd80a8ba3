import { DomainError } from '../errors/domain-error';

/** For tests: the DomainError that `run` throws; fails the test when it throws anything else or nothing. */
export function domainErrorOf(run: () => unknown): DomainError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(DomainError);
    return error as DomainError;
  }
  throw new Error('expected a DomainError, nothing was thrown');
}
