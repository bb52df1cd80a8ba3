import { grownTypedArray } from './grown-typed-array';
import { ownString } from './own-string';

const INITIAL_ROWS = 64;
const EMPTY = -1;
const HEX = Array.from({ length: 256 }, (_, byte) => byte.toString(16).padStart(2, '0'));
const DASH = 45;
/** Where a canonical UUID's 32 hex digits are. */
const DIGIT_AT = Int8Array.from([...Array(36).keys()].filter((at) => at !== 8 && at !== 13 && at !== 18 && at !== 23));
/** The value of each lower-case hex digit by character code; -1 for any other character (upper case included: such ids are kept as given). */
const NIBBLE = Int8Array.from({ length: 128 }, (_, code) => (code >= 48 && code <= 57 ? code - 48 : code >= 97 && code <= 102 ? code - 87 : -1));

/**
 * Row numbers by eventId. The ids the command-api writes are lowercase UUIDs: those are kept as 16
 * bytes in a column by row and found through an open-addressing table of row numbers, where a Map
 * of strings held each id as a 36-character string plus its entry, about 100 bytes of heap per
 * event of the log. Any other id (written before the rule, or upper case) is kept in a Map as it
 * is, so that every id is found exactly as given.
 */
export class EventIdIndex {
  /** Row r's UUID in words 4r to 4r + 3; unused for rows of other ids. */
  private words: Uint32Array = new Uint32Array(4 * INITIAL_ROWS);
  /** Row numbers of UUID rows, or EMPTY; a power of two, at most half full. */
  private slots = new Int32Array(2 * INITIAL_ROWS).fill(EMPTY);
  private uuids = 0;
  private readonly others = new Map<string, number>();
  private readonly otherIds = new Map<number, string>();
  private readonly parsed = new Uint32Array(4);
  /** The id last parsed into `parsed`, and whether it is a UUID: an add follows the lookup of the same id. */
  private parsedId?: string;
  private parsedUuid = false;

  rowOf(eventId: string): number | undefined {
    // A partition's first batch looks ids up in an empty index: no id to parse then.
    if (this.uuids === 0 && this.others.size === 0) return undefined;
    if (!this.parse(eventId)) return this.others.get(eventId);
    const slot = this.find(this.parsed);
    return this.slots[slot] === EMPTY ? undefined : this.slots[slot];
  }

  /** Gives the id this row; the id must not have one yet. */
  add(eventId: string, row: number): void {
    if (!this.parse(eventId)) {
      const own = ownString(eventId);
      this.others.set(own, row);
      this.otherIds.set(row, own);
      return;
    }
    while (4 * row + 4 > this.words.length) this.words = grownTypedArray(this.words, new Uint32Array(2 * this.words.length));
    this.words.set(this.parsed, 4 * row);
    if (2 * (this.uuids + 1) > this.slots.length) this.rehash(2 * this.slots.length);
    this.slots[this.find(this.parsed)] = row;
    this.uuids += 1;
  }

  idOf(row: number): string {
    const other = this.otherIds.get(row);
    if (other !== undefined) return other;
    let id = '';
    for (let i = 0; i < 16; i += 1) {
      const word = this.words[4 * row + (i >> 2)];
      id += HEX[(word >>> (24 - 8 * (i & 3))) & 0xff];
      if (i === 3 || i === 5 || i === 7 || i === 9) id += '-';
    }
    return id;
  }

  private parse(eventId: string): boolean {
    if (eventId !== this.parsedId) {
      this.parsedUuid = parseUuid(eventId, this.parsed);
      this.parsedId = eventId;
    }
    return this.parsedUuid;
  }

  /** The slot holding this UUID's row, or the empty slot where it would go. */
  private find(uuid: Uint32Array): number {
    const mask = this.slots.length - 1;
    let slot = hash(uuid[0], uuid[1], uuid[2], uuid[3]) & mask;
    for (;;) {
      const row = this.slots[slot];
      if (row === EMPTY) return slot;
      const at = 4 * row;
      if (this.words[at] === uuid[0] && this.words[at + 1] === uuid[1] && this.words[at + 2] === uuid[2] && this.words[at + 3] === uuid[3]) return slot;
      slot = (slot + 1) & mask;
    }
  }

  private rehash(size: number): void {
    const rows = this.slots.filter((row) => row !== EMPTY);
    this.slots = new Int32Array(size).fill(EMPTY);
    const mask = size - 1;
    for (const row of rows) {
      const at = 4 * row;
      let slot = hash(this.words[at], this.words[at + 1], this.words[at + 2], this.words[at + 3]) & mask;
      while (this.slots[slot] !== EMPTY) slot = (slot + 1) & mask;
      this.slots[slot] = row;
    }
  }
}

/** Into `out` as four big-endian words, when `id` is a UUID in lower case; false otherwise. */
function parseUuid(id: string, out: Uint32Array): boolean {
  if (id.length !== 36 || id.charCodeAt(8) !== DASH || id.charCodeAt(13) !== DASH || id.charCodeAt(18) !== DASH || id.charCodeAt(23) !== DASH) return false;
  // Any digit that is not one sets the sign bit of `invalid`: one test at the end, no branch per digit.
  let invalid = 0;
  for (let word = 0; word < 4; word += 1) {
    let value = 0;
    for (let digit = 8 * word; digit < 8 * word + 8; digit += 1) {
      const code = id.charCodeAt(DIGIT_AT[digit]);
      const nibble = code < 128 ? NIBBLE[code] : -1;
      invalid |= nibble;
      value = (value << 4) | (nibble & 15);
    }
    out[word] = value >>> 0;
  }
  return invalid >= 0;
}

/** Spreads time-ordered UUIDs (whose first words change slowly) as well as random ones. */
function hash(a: number, b: number, c: number, d: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b);
  h = Math.imul(h ^ b ^ (h >>> 13), 0xc2b2ae35);
  h = Math.imul(h ^ c ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ d ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}
