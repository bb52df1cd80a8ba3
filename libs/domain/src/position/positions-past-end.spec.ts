import { positionsPastEnd } from './positions-past-end';

describe('positionsPastEnd', () => {
  const ends = { 'log:0': 41, 'log:1': -1, 'catalog:0': 3 };

  it('names the partitions whose wanted offset lies past their last record', () => {
    expect(positionsPastEnd({ 'log:0': 42, 'log:1': 0, 'catalog:0': 3 }, ends)).toEqual(['log:0', 'log:1']);
  });

  it('takes a position at or before the end, and a partition whose end is not known, on trust', () => {
    expect(positionsPastEnd({ 'log:0': 41, 'log:1': -1, 'catalog:0': 0, 'log:5': 1_000_000 }, ends)).toEqual([]);
  });
});
