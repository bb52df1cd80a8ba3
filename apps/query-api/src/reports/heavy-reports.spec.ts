import { monthlyReportQuery } from '@reimbursements/domain/reports/monthly-report.query';
import { Metrics } from '@reimbursements/platform/metrics/metrics';
import { QueryApiSettings } from '../query-api.settings';
import { HeavyReports } from './heavy-reports';

describe('HeavyReports', () => {
  const settings = Object.assign(new QueryApiSettings(), { REPORT_HEAVY_CAREGIVERS: 3, REPORT_HEAVY_AT_ONCE: 2 });
  const heavy = monthlyReportQuery({ from: '2026-01', to: '2026-12' });
  const light = monthlyReportQuery({ from: '2026-01', to: '2026-12', caregiverIds: ['a', 'b'] });

  it('lets two heavy reports read at once, queues the others in order and refuses none; light ones never wait', async () => {
    const gate = new HeavyReports(settings, new Metrics('test'));
    const order: string[] = [];
    const [first, second] = [await gate.turn(heavy), await gate.turn(heavy)];
    const third = gate.turn(heavy).then((release) => (order.push('third'), release));
    const fourth = gate.turn(heavy).then((release) => (order.push('fourth'), release));
    (await gate.turn(light))();
    order.push('light');
    first();
    first();
    (await third)();
    second();
    (await fourth)();
    expect(order).toEqual(['light', 'third', 'fourth']);
    // Every turn was given back: two more heavy reports start at once.
    await Promise.all([gate.turn(heavy), gate.turn(heavy)]);
  });

  it('counts a long list of named caregivers as heavy', () => {
    const gate = new HeavyReports(settings, new Metrics('test2'));
    expect(gate.isHeavy(monthlyReportQuery({ from: '2026-01', to: '2026-01', caregiverIds: ['a', 'b', 'c', 'd'] }))).toBe(true);
    expect(gate.isHeavy(light)).toBe(false);
  });
});
