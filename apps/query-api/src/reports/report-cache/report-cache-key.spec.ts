import { AppliedState } from '@reimbursements/domain/position/applied-state';
import { monthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { partitionForKey } from '@reimbursements/kafka/partition-for-key';
import { cachedReportParts, ReportLog, reportCacheKey, reportCacheKeys } from './report-cache-key';

describe('reportCacheKey', () => {
  const log: ReportLog = { database: 'reimbursements', topic: 'reimbursements.log', partitions: 6 };
  const query = monthlyReportQuery({ from: '2026-01', to: '2026-06', caregiverIds: ['cg-a'] });
  const closed = { from: '2026-01', to: '2026-05' };
  const open = { from: '2026-06', to: '2026-06' };
  const own = `${log.topic}:${partitionForKey(log.topic, 'cg-a', log.partitions)}`;
  const other = `${log.topic}:${(partitionForKey(log.topic, 'cg-a', log.partitions) + 1) % log.partitions}`;
  const state = (writes: Record<string, Record<string, number>>): AppliedState => ({
    position: Object.fromEntries(Object.entries(writes).map(([partition, months]) => [partition, Math.max(...Object.values(months))])),
    monthWrites: writes,
  });
  const before = state({ [own]: { '2026-03': 10, '2026-06': 20 }, [other]: { '2026-03': 7 } });
  const key = (overrides: Partial<{ log: ReportLog; state: AppliedState; months: typeof closed; scope: readonly string[] | null; format: 'json' | 'csv' }> = {}) =>
    reportCacheKey(overrides.format ?? 'json', query, overrides.scope === undefined ? null : overrides.scope, overrides.state ?? before, overrides.log ?? log, overrides.months ?? closed);

  it("follows every partition's writes when the caregivers named are in every partition", () => {
    const many = monthlyReportQuery({ from: '2026-01', to: '2026-06', caregiverIds: Array.from({ length: 200 }, (_, i) => `cg-${i}`) });
    const manyKey = (s: AppliedState) => reportCacheKey('json', many, null, s, log, closed);
    for (let p = 0; p < log.partitions; p += 1) {
      const partition = `${log.topic}:${p}`;
      const written = state({ [own]: { '2026-03': 10, '2026-06': 20 }, [other]: { '2026-03': 7 }, [partition]: { '2026-02': 500 } });
      expect(manyKey(written)).not.toBe(manyKey(before));
    }
  });

  it("gives each part of one call the key it gets alone: a part's key does not depend on the others", () => {
    const keys = reportCacheKeys('json', query, null, before, log, [closed, open]);
    expect(keys).toEqual([reportCacheKeys('json', query, null, before, log, [closed])[0], reportCacheKeys('json', query, null, before, log, [open])[0]]);
    expect(keys[0]).not.toBe(keys[1]);
  });

  it("keeps a heavy CSV's streamed text apart from a part of the same months", () => {
    const whole = { from: query.from, to: query.to };
    expect(reportCacheKey('csv', query, null, before, log, whole, 'stream')).not.toBe(reportCacheKey('csv', query, null, before, log, whole));
  });

  it('keeps the answers of two versions of the read models apart: the same question and state, another database, another key', () => {
    expect(key({ log: { ...log, database: 'reimbursements_v3' } })).not.toBe(key());
    expect(key({ log: { ...log, database: 'reimbursements_v3' }, months: open })).not.toBe(key({ months: open }));
  });

  it('stays the same when another partition is folded, or only months outside the part change', () => {
    const otherFolded = state({ [own]: { '2026-03': 10, '2026-06': 20 }, [other]: { '2026-03': 90 } });
    expect(key({ state: otherFolded })).toBe(key());
    const openMonthWritten = state({ [own]: { '2026-03': 10, '2026-06': 95 }, [other]: { '2026-03': 7 } });
    expect(key({ state: openMonthWritten })).toBe(key());
    expect(key({ state: openMonthWritten, months: open })).not.toBe(key({ months: open }));
  });

  it("changes when a fold changes one of the part's months on its caregivers' partition, late or not", () => {
    expect(key({ state: state({ [own]: { '2026-02': 30, '2026-03': 10, '2026-06': 20 }, [other]: { '2026-03': 7 } }) })).not.toBe(key());
  });

  it('keeps formats and scopes apart', () => {
    expect(key({ format: 'csv' })).not.toBe(key());
    expect(key({ scope: ['cg-a'] })).not.toBe(key());
    expect(key({ scope: ['cg-a', 'cg-b'] })).toBe(key({ scope: ['cg-b', 'cg-a', 'cg-a'] }));
  });

  it('splits a report into closed months and the open ones ending with the current month', () => {
    const settings = { BUSINESS_TIME_ZONE: 'Europe/Stockholm', REPORT_OPEN_MONTHS: 1 };
    expect(cachedReportParts(query, settings, new Date('2026-06-10T12:00:00Z')).map(({ from, to }) => ({ from, to }))).toEqual([closed, open]);
    // 23:30 UTC on 30 June is already July in Stockholm: every month of the report is closed.
    expect(cachedReportParts(query, settings, new Date('2026-06-30T23:30:00Z')).map(({ from, to }) => ({ from, to }))).toEqual([{ from: '2026-01', to: '2026-06' }]);
  });
});
