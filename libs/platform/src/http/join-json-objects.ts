/**
 * Two JSON objects' texts (from JSON.stringify, keys not shared) as the text of one object with the
 * first's members, then the second's: an answer built of a part written per request and a part
 * kept as text, with no parse of the kept part.
 */
export function joinJsonObjects(first: string, second: string): string {
  if (first === '{}') return second;
  if (second === '{}') return first;
  return `${first.slice(0, -1)},${second.slice(1)}`;
}
