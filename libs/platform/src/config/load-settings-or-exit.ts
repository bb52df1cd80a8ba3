import { InvalidConfigurationError, validateEnvironment } from './validate-environment';

type SettingsClasses = (new () => object)[];
type Instances<T extends SettingsClasses> = { [K in keyof T]: T[K] extends new () => infer S ? S : never };

/**
 * Start-up only: reads each settings class from the environment; a wrong setting in any of them
 * stops the process with one message naming every wrong variable.
 */
export function loadSettingsOrExit<T extends SettingsClasses>(app: string, ...settingsClasses: T): Instances<T> {
  const problems: string[] = [];
  const loaded = settingsClasses.map((settingsClass) => {
    try {
      return validateEnvironment(settingsClass, process.env);
    } catch (error) {
      if (!(error instanceof InvalidConfigurationError)) throw error;
      problems.push(...error.problems);
      return undefined;
    }
  });
  if (problems.length > 0) {
    process.stderr.write(`${JSON.stringify({ level: 'fatal', app, msg: new InvalidConfigurationError(problems).message })}\n`);
    process.exit(78);
  }
  return loaded as Instances<T>;
}
