import { unknownPartitions } from './unknown-partitions';

const topics = ['app.log', 'app.catalog'];

describe('unknownPartitions', () => {
  it('finds nothing wrong with partitions that exist', () => {
    expect(unknownPartitions({ 'app.log:0': 4, 'app.log:5': 0, 'app.catalog:0': 9 }, topics, { 'app.log': 6, 'app.catalog': 1 })).toEqual([]);
  });

  it('names partitions past the count and topics that are not ours', () => {
    expect(
      unknownPartitions({ 'app.log:6': 0, 'app.log:99999': 0, 'app.catalog:1': 0, 'other.log:0': 0, 'app.log:2': 1 }, topics, { 'app.log': 6, 'app.catalog': 1 }),
    ).toEqual(['app.log:6', 'app.log:99999', 'app.catalog:1', 'other.log:0']);
  });

  it('takes a partition of a topic whose count is not known yet on trust, but never another topic', () => {
    expect(unknownPartitions({ 'app.log:40': 0, 'x:0': 0 }, topics, {})).toEqual(['x:0']);
  });

  it('reads topic names holding colons by the last one', () => {
    expect(unknownPartitions({ 'a:b:3': 0 }, ['a:b'], { 'a:b': 4 })).toEqual([]);
  });
});
