/**
 * A numbering of the strings seen, each kept once: a column of numbers then stands for a column of
 * strings that repeat (caregivers, event types, months), and every string handed back is the first
 * copy seen, not one parsed per record.
 */
export class InternedStrings {
  private readonly numbers = new Map<string, number>();
  private readonly strings: string[] = [];

  /** The string's number, given it if new. */
  numberOf(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.strings.length;
      this.numbers.set(value, n);
      this.strings.push(value);
    }
    return n;
  }

  /** The string's number, or undefined when it was never seen. */
  find(value: string): number | undefined {
    return this.numbers.get(value);
  }

  valueOf(n: number): string {
    return this.strings[n];
  }
}
