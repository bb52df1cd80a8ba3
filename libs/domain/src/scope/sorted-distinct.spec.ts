import { sortedDistinct } from './sorted-distinct';

describe('sortedDistinct', () => {
  it('sorts a copy and keeps each id once', () => {
    const ids = ['cg-2', 'cg-10', 'cg-1', 'cg-2', 'cg-10'];
    expect(sortedDistinct(ids)).toEqual(['cg-1', 'cg-10', 'cg-2']);
    expect(ids).toEqual(['cg-2', 'cg-10', 'cg-1', 'cg-2', 'cg-10']);
    expect(sortedDistinct([])).toEqual([]);
  });
});
