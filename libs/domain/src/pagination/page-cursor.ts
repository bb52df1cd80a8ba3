import { FieldError } from '../validation/field-error';

/**
 * A page cursor: the sort key of the last item of the previous page, with the key of the list it
 * pages through (pageListKey). A cursor sent with other parameters than the page it came from
 * (another caregiver, period or status) would otherwise continue a different list from a key of
 * this one, silently skipping or repeating items; it is refused instead.
 */
export function encodeCursor(after: string, listKey: string): string {
  return Buffer.from(JSON.stringify({ after, list: listKey }), 'utf8').toString('base64url');
}

/**
 * The key a cursor continues after, or undefined with the reason in `errors` (field `cursor`).
 * `listKey` undefined: the list is not known (its parameters are invalid), so only the form is checked.
 */
export function cursorAfter(cursor: string, listKey: string | undefined, errors: FieldError[]): string | undefined {
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    value = undefined;
  }
  const { after, list } = (typeof value === 'object' && value !== null ? value : {}) as { after?: unknown; list?: unknown };
  if (typeof after !== 'string') {
    errors.push({ field: 'cursor', message: 'not a cursor this API gave' });
    return undefined;
  }
  if (listKey !== undefined && list === undefined) {
    errors.push({ field: 'cursor', message: 'was given by an earlier version of the API: ask for the first page again' });
    return undefined;
  }
  if (listKey !== undefined && list !== listKey) {
    errors.push({ field: 'cursor', message: 'was given for another list: send the parameters of the page it came from (limit, minPosition and format may differ), or no cursor' });
    return undefined;
  }
  return after;
}

/**
 * The key of a list: a digest of what selects its items (not the page size). A 53-bit hash (cyrb53)
 * written here because the domain takes no I/O or platform modules (node:crypto); a collision only
 * lets a cursor of one list page through another, as before cursors were bound. The hash is of
 * `kind|selector|...`, a list's ids joined by commas, read piece by piece: a report's 10 000 ids
 * are never copied into one string first. Cursors already given stay valid, so the text hashed
 * must not change.
 */
export function pageListKey(kind: string, ...selectors: (string | undefined | readonly string[])[]): string {
  const hash = new Cyrb53();
  hash.add(kind);
  for (const selector of selectors) {
    hash.add('|');
    if (typeof selector === 'string') hash.add(selector);
    else if (selector !== undefined) {
      for (let i = 0; i < selector.length; i++) {
        if (i > 0) hash.add(',');
        // As join() would write an item that is not a string (types aside, a caller may pass one).
        const item: unknown = selector[i];
        hash.add(typeof item === 'string' ? item : String(item ?? ''));
      }
    }
  }
  return hash.digest();
}

class Cyrb53 {
  private h1 = 0xdeadbeef;
  private h2 = 0x41c6ce57;

  add(text: string): void {
    let { h1, h2 } = this;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      h1 = Math.imul(h1 ^ c, 2654435761);
      h2 = Math.imul(h2 ^ c, 1597334677);
    }
    this.h1 = h1;
    this.h2 = h2;
  }

  digest(): string {
    const h1 = Math.imul(this.h1 ^ (this.h1 >>> 16), 2246822507) ^ Math.imul(this.h2 ^ (this.h2 >>> 13), 3266489909);
    const h2 = Math.imul(this.h2 ^ (this.h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
    return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(36);
  }
}
