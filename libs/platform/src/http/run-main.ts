/** Runs an app's start-up; if it fails (a server unreachable at boot), says so in one structured line and exits. */
export function runMain(app: string, main: () => Promise<void>): void {
  main().catch((error: Error) => {
    process.stderr.write(`${JSON.stringify({ level: 'fatal', app, msg: 'start-up failed', reason: error.message })}\n`);
    process.exit(1);
  });
}
