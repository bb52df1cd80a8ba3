/** Stops what the global setup started in containers (nothing on the scripts route). */
export default async function globalTeardown(): Promise<void> {
  await Promise.all((globalThis.testServers?.containers ?? []).map((container) => container.stop()));
}
