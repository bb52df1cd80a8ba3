import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, RunningApp } from './stack';

/** The log file startApp writes an app's output to (its logName, or its name, and its port). */
export function logFileOf(app: RunningApp, logName: string = app.name): string {
  return join(ROOT, '.local', 'logs', 'e2e', `${logName}-${new URL(app.url).port}.log`);
}

/** The JSON lines a running app has logged so far (other output, such as a fatal start-up line, is skipped). */
export function logEntries(app: RunningApp, logName?: string): Record<string, unknown>[] {
  const file = logFileOf(app, logName);
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .flatMap((line) => {
      try {
        const entry: unknown = JSON.parse(line);
        return typeof entry === 'object' && entry !== null ? [entry as Record<string, unknown>] : [];
      } catch {
        return [];
      }
    });
}
