import { FieldError } from '../validation/field-error';
import { cursorAfter, encodeCursor, pageListKey } from './page-cursor';

function read(cursor: string, listKey: string | undefined): { after: string | undefined; errors: FieldError[] } {
  const errors: FieldError[] = [];
  return { after: cursorAfter(cursor, listKey, errors), errors };
}

describe('page cursors', () => {
  const list = pageListKey('events', 'cg-1', '2026-01', undefined);

  it('give back the key they were made from, for the list they were made for', () => {
    expect(read(encodeCursor('0001#x', list), list)).toEqual({ after: '0001#x', errors: [] });
  });

  it('name the field when bound to another list', () => {
    const { after, errors } = read(encodeCursor('0001#x', pageListKey('events', 'cg-2', '2026-01', undefined)), list);
    expect(after).toBeUndefined();
    expect(errors).toEqual([{ field: 'cursor', message: expect.stringContaining('another list') }]);
  });

  it('tell a cursor of the earlier form, bound to no list, from one of another list', () => {
    expect(read(Buffer.from('{"after":"0001#x"}').toString('base64url'), list).errors).toEqual([{ field: 'cursor', message: expect.stringContaining('earlier version') }]);
  });

  it('check only the form when the list is not known', () => {
    expect(read(encodeCursor('0001#x', 'some other list'), undefined)).toEqual({ after: '0001#x', errors: [] });
  });

  it.each([
    ['garbage', 'this is not a cursor!'],
    ['empty', ''],
    ['JSON null', Buffer.from('null').toString('base64url')],
    ['an object without after', Buffer.from('{}').toString('base64url')],
    ['a numeric after', Buffer.from('{"after":5}').toString('base64url')],
  ])('refuse a cursor that is %s', (_label, cursor) => {
    expect(read(cursor, list).errors).toEqual([{ field: 'cursor', message: 'not a cursor this API gave' }]);
  });

  it('key lists by every selector, and a list of ids by its members', () => {
    const keys = [
      pageListKey('events', 'cg-1', '2026-01', undefined),
      pageListKey('events', 'cg-1', '2026-01', 'pending'),
      pageListKey('events', 'cg-1', '2026-02', undefined),
      pageListKey('reimbursements', 'cg-1', '2026-01'),
      pageListKey('monthly-report', '2026-01', '2026-03', []),
      pageListKey('monthly-report', '2026-01', '2026-03', ['cg-1']),
      pageListKey('monthly-report', '2026-01', '2026-03', ['cg-1', 'cg-2']),
    ];
    expect(new Set(keys).size).toBe(keys.length);
    expect(pageListKey('monthly-report', '2026-01', '2026-03', ['cg-1', 'cg-2'])).toBe(keys[6]);
  });

  it('keep the keys of earlier releases, so cursors already given stay valid', () => {
    expect([
      pageListKey('events', 'cg-1', '2026-01', undefined),
      pageListKey('reimbursements', 'cg-1', '2026-01'),
      pageListKey('monthly-report', '2026-01', '2026-03', []),
      pageListKey('monthly-report', '2026-01', '2026-03', ['cg-1', 'cg-2']),
      pageListKey('monthly-report', '2017-01', '2026-12', Array.from({ length: 10_000 }, (_, i) => `id-${i}`)),
    ]).toEqual(['1vvsxkpphe8', '2ag0s6pksa5', '1hx154v6r4j', 'lrztuf0ptf', 'fx9jhbn42t']);
    // An item that is not a string (past the types) counts as join() writes it, and never throws.
    expect(pageListKey('monthly-report', 'a', 'b', [5, null, 'x'] as unknown as string[])).toBe(pageListKey('monthly-report', 'a', 'b', ['5', '', 'x']));
  });
});
