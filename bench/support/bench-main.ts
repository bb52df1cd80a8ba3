import { cpuTable, CpuMeter } from './machine';
import { checkLines, out } from './report';

/** Runs a benchmark's `main` and exits with its code: a wedged server can leave sockets open, nothing waits for them. */
export function runBenchmark(name: string, main: () => Promise<void>): void {
  main()
    .then(() => process.exit(process.exitCode ?? 0))
    .catch((error: Error) => {
      process.stderr.write(`${name} benchmark failed: ${error.stack ?? error.message}\n`);
      process.exit(1);
    });
}

/** A report's closing sections: its notes, the CPU seconds per stage and the checks. */
export function printNotesCpuAndChecks(notes: string[], rows: { stage: string; cpu?: ReturnType<typeof CpuMeter.between> }[], checks: [string, boolean][]): void {
  for (const line of notes) out(`- ${line}`);
  out();
  out('## CPU seconds per stage (all processes share the machine)');
  out();
  out(cpuTable('stage', rows));
  out();
  out('## Checks');
  out();
  for (const line of checkLines(checks)) out(line);
}

/** Exit code 1, said at the end of the report, when a check failed. */
export function failOnChecks(checks: [string, boolean][]): void {
  if (checks.some(([, passed]) => !passed)) {
    out('FAILED: see the checks above');
    process.exitCode = 1;
  }
}
