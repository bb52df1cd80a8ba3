import { AppliedState, lastMonthWrite, mergeAppliedStates } from './applied-state';

describe('AppliedState', () => {
  const state: AppliedState = {
    position: { 'log:0': 40, 'log:1': 12, 'log:2': 9 },
    monthWrites: { 'log:0': { '2026-01': 10, '2026-10': 40, '2026-11': 38 }, 'log:1': {} },
  };

  it('tells the last write to the months of a range on one partition, -1 when none', () => {
    expect(lastMonthWrite(state, 'log:0', '2021-12', '2026-09')).toBe(10);
    expect(lastMonthWrite(state, 'log:0', '2021-12', '2026-10')).toBe(40);
    expect(lastMonthWrite(state, 'log:0', '2026-11', '2026-11')).toBe(38);
    expect(lastMonthWrite(state, 'log:0', '2026-02', '2026-09')).toBe(-1);
    expect(lastMonthWrite(state, 'log:1', '2020-01', '2029-12')).toBe(-1);
    expect(lastMonthWrite(state, 'log:5', '2020-01', '2029-12')).toBe(-1);
  });

  it('answers the applied offset for every month of a partition applied without month writes', () => {
    expect(lastMonthWrite(state, 'log:2', '2020-01', '2020-01')).toBe(9);
  });

  it('merges two reads keeping the later offset of each partition and each month', () => {
    const later: AppliedState = { position: { 'log:0': 44, 'log:1': 11 }, monthWrites: { 'log:0': { '2026-11': 44, '2026-01': 5 }, 'log:3': { '2026-11': 1 } } };
    expect(mergeAppliedStates(state, later)).toEqual({
      position: { 'log:0': 44, 'log:1': 12, 'log:2': 9 },
      monthWrites: { 'log:0': { '2026-01': 10, '2026-10': 40, '2026-11': 44 }, 'log:1': {}, 'log:3': { '2026-11': 1 } },
    });
  });
});
