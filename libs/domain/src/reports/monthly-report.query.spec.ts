import { encodeCursor } from '../pagination/page-cursor';
import {
  DEFAULT_PAGE_LIMIT,
  MAX_REPORT_CAREGIVERS,
  MonthlyReportInput,
  monthlyReportQuery,
} from './monthly-report.query';
import { domainErrorOf } from '../testing/domain-error-of';

function invalidFields(input: MonthlyReportInput): string[] {
  const error = domainErrorOf(() => monthlyReportQuery(input));
  expect(error.code).toBe('QUERY.INVALID');
  return error.errors.map((e) => e.field);
}

const base = { from: '2026-01', to: '2026-03' };

describe('monthlyReportQuery', () => {
  it('fills the defaults', () => {
    expect(monthlyReportQuery(base)).toEqual({
      from: '2026-01',
      to: '2026-03',
      caregiverIds: [],
      allCaregivers: true,
      limit: DEFAULT_PAGE_LIMIT,
      after: undefined,
      listKey: expect.any(String),
    });
  });

  it.each<[string, MonthlyReportInput, string[]]>([
    ['from missing', { to: '2026-03' }, ['from']],
    ['to missing', { from: '2026-01' }, ['to']],
    ['both missing', {}, ['from', 'to']],
    ['from empty', { from: '', to: '2026-03' }, ['from']],
    ['from without leading zero', { from: '2026-1', to: '2026-03' }, ['from']],
    ['from month 13', { from: '2026-13', to: '2026-03' }, ['from']],
    ['to month 00', { from: '2026-01', to: '2026-00' }, ['to']],
    ['to a full date', { from: '2026-01', to: '2026-03-01' }, ['to']],
    ['to before from', { from: '2026-02', to: '2026-01' }, ['to']],
    ['to a year before from', { from: '2026-01', to: '2025-01' }, ['to']],
    ['121 months', { from: '2016-01', to: '2026-01' }, ['to']],
  ])('refuses %s', (_label, input, fields) => {
    expect(invalidFields(input)).toEqual(fields);
  });

  it.each([
    ['one month', '2026-01', '2026-01'],
    ['across a year', '2025-11', '2026-02'],
    ['exactly 120 months', '2016-01', '2025-12'],
  ])('accepts %s', (_label, from, to) => {
    expect(monthlyReportQuery({ from, to })).toMatchObject({ from, to });
  });

  it.each([
    [0, false],
    [1, true],
    [1000, true],
    [1001, false],
    [-1, false],
    [2.5, false],
    [Number.NaN, false],
  ])('limit %d is accepted: %s', (limit, ok) => {
    if (ok) expect(monthlyReportQuery({ ...base, limit }).limit).toBe(limit);
    else expect(invalidFields({ ...base, limit })).toEqual(['limit']);
  });

  it('deduplicates and sorts the caregiverIds', () => {
    expect(monthlyReportQuery({ ...base, caregiverIds: ['cg-2', 'cg-10', 'cg-1', 'cg-2'] }).caregiverIds).toEqual([
      'cg-1',
      'cg-10',
      'cg-2',
    ]);
  });

  it('names each invalid caregiverId by its index', () => {
    expect(invalidFields({ ...base, caregiverIds: ['ok', 'bad id', 'also-ok', '', 'x'.repeat(65)] })).toEqual([
      'caregiverIds[1]',
      'caregiverIds[3]',
      'caregiverIds[4]',
    ]);
  });

  it('names an invalid caregiverId by its index in the list as sent, duplicates included', () => {
    expect(invalidFields({ ...base, caregiverIds: ['a', 'a', 'bad id'] })).toEqual(['caregiverIds[2]']);
  });

  it(`accepts ${MAX_REPORT_CAREGIVERS} distinct caregivers and refuses one more`, () => {
    const ids = Array.from({ length: MAX_REPORT_CAREGIVERS + 1 }, (_, i) => `cg-${i}`);
    expect(monthlyReportQuery({ ...base, caregiverIds: ids.slice(1) }).caregiverIds).toHaveLength(MAX_REPORT_CAREGIVERS);
    expect(invalidFields({ ...base, caregiverIds: ids })).toEqual(['caregiverIds']);
  });

  it('counts caregivers after removing duplicates', () => {
    const ids = Array.from({ length: MAX_REPORT_CAREGIVERS }, (_, i) => `cg-${i}`);
    expect(monthlyReportQuery({ ...base, caregiverIds: [...ids, 'cg-0'] }).caregiverIds).toHaveLength(MAX_REPORT_CAREGIVERS);
  });

  it('reports every invalid field at once', () => {
    expect(invalidFields({ from: 'x', to: '2026-01', caregiverIds: ['no way'], limit: 0, cursor: '!!' })).toEqual([
      'from',
      'caregiverIds[0]',
      'limit',
      'cursor',
    ]);
  });

  it('tells a missing month from one that is no month', () => {
    expect(domainErrorOf(() => monthlyReportQuery({ to: '2026-13' })).errors).toEqual([
      { field: 'from', message: 'required, a month as YYYY-MM' },
      { field: 'to', message: 'must be a month as YYYY-MM (01 to 12)' },
    ]);
  });

  it('gives back the id a cursor of the same report was made from, whatever the page size', () => {
    const lastId = 'cg-7#2026-02';
    const first = monthlyReportQuery({ ...base, caregiverIds: ['cg-9', 'cg-7'], limit: 2 });
    const next = monthlyReportQuery({ ...base, caregiverIds: ['cg-7', 'cg-9', 'cg-7'], limit: 50, cursor: encodeCursor(lastId, first.listKey) });
    expect(next.after).toBe(lastId);
  });

  it.each<[string, MonthlyReportInput]>([
    ['another period start', { from: '2025-12' }],
    ['another period end', { to: '2026-04' }],
    ['other caregivers', { caregiverIds: ['cg-7', 'cg-8'] }],
    ['every caregiver, where it named some', { caregiverIds: [] }],
  ])('refuses a cursor of another report: %s', (_label, change) => {
    const first = monthlyReportQuery({ ...base, caregiverIds: ['cg-7'] });
    const cursor = encodeCursor('cg-7#2026-02', first.listKey);
    expect(domainErrorOf(() => monthlyReportQuery({ ...base, caregiverIds: ['cg-7'], ...change, cursor })).errors).toEqual([
      { field: 'cursor', message: expect.stringContaining('another list') },
    ]);
  });

  it('checks only the form of a cursor while the rest of the query is invalid', () => {
    const cursor = encodeCursor('cg-7#2026-02', monthlyReportQuery(base).listKey);
    expect(invalidFields({ ...base, to: '2026-13', cursor })).toEqual(['to']);
  });

  it('refuses a cursor the API did not give (page-cursor.spec.ts: every form)', () => {
    expect(invalidFields({ ...base, cursor: 'this is not a cursor!' })).toEqual(['cursor']);
  });
});
