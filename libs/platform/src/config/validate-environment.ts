import { plainToInstance } from 'class-transformer';
import { validateSync, ValidationError } from 'class-validator';
import { constraintMessages } from '../validation/constraint-messages';

export class InvalidConfigurationError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'InvalidConfigurationError';
  }
}

/**
 * Reads the environment into a validated settings class once, at start-up. The message names
 * each wrong variable and the rule it breaks, never the value (it may be a secret).
 */
export function validateEnvironment<T extends object>(
  settingsClass: new () => T,
  environment: Record<string, string | undefined>,
): T {
  const settings = plainToInstance(settingsClass, environment, { exposeDefaultValues: true });
  const errors = validateSync(settings, { whitelist: false, forbidUnknownValues: true });
  if (errors.length > 0) throw new InvalidConfigurationError(errors.flatMap(describe));
  return settings;
}

/** What validateEnvironment would refuse in an environment, one line per broken rule; none when it is valid. */
export function configurationProblems<T extends object>(settingsClass: new () => T, environment: Record<string, string | undefined>): string[] {
  try {
    validateEnvironment(settingsClass, environment);
    return [];
  } catch (error) {
    if (!(error instanceof InvalidConfigurationError)) throw error;
    return error.problems;
  }
}

function describe(error: ValidationError): string[] {
  return constraintMessages(error.constraints).map((message) => `${error.property}: ${message}`);
}
