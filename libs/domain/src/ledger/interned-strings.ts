import { ownString } from './own-string';

/**
 * A numbering of the strings seen, each kept once: a column of numbers then stands for a column of
 * strings that repeat (caregivers, event types, months), and every string handed back is one copy
 * of it, not one parsed per record.
 */
export class InternedStrings {
  private readonly numbers = new Map<string, number>();
  private readonly strings: string[] = [];

  /** The string's number, given it if new. */
  numberOf(value: string): number {
    let n = this.numbers.get(value);
    if (n === undefined) {
      n = this.strings.length;
      const own = ownString(value);
      this.numbers.set(own, n);
      this.strings.push(own);
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
