import { InvalidConfigurationError, validateEnvironment } from './validate-environment';

/** Start-up only: a wrong setting stops the process with a message naming it. */
export function loadSettingsOrExit<T extends object>(app: string, settingsClass: new () => T): T {
  try {
    return validateEnvironment(settingsClass, process.env);
  } catch (error) {
    if (!(error instanceof InvalidConfigurationError)) throw error;
    process.stderr.write(`${JSON.stringify({ level: 'fatal', app, msg: error.message })}\n`);
    process.exit(78);
  }
}
