/**
 * The same characters in a string of their own. A substring may be a view of the text it was cut
 * from (V8 keeps substrings of 13 characters or more so) and keep all of that text alive: a state
 * restored from a snapshot's lines, which holds a few fields of each line for good, would keep
 * every line. What JSON.parse makes of a string literal is always a string of its own.
 */
export function ownString(text: string): string {
  return JSON.parse(JSON.stringify(text)) as string;
}
