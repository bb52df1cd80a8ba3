import { appliedPartitions, coveredPosition } from './covered-position';

describe('coveredPosition', () => {
  const applied = { 'log:0': 10, 'log:2': 5, 'catalog:0': 3 };

  it('keeps only the named partitions of the topic, -1 for one that applied nothing yet', () => {
    expect(coveredPosition(applied, 'log', new Set([2, 1]))).toEqual({ 'log:1': -1, 'log:2': 5 });
  });

  it('keeps every partition of the topic, and nothing of other topics, for null', () => {
    expect(coveredPosition(applied, 'log', null)).toEqual({ 'log:0': 10, 'log:2': 5 });
  });

  it('lists the partitions applied for a topic', () => {
    expect(appliedPartitions(applied, 'log').sort()).toEqual([0, 2]);
  });
});
