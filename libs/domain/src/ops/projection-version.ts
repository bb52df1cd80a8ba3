/**
 * A projection is recorded under `<name>-v<version>` (READ_MODELS_PROJECTION): ops name the
 * projection, and every version of it makes the same skips.
 */
export function projectionVersion(recordedAs: string): { name: string; version: string } {
  const match = /^(.*)-(v\d+)$/.exec(recordedAs);
  return match ? { name: match[1], version: match[2] } : { name: recordedAs, version: 'v1' };
}
