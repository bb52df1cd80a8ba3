import { invalidCaregiverIds, parseCaregiverIds, readViewState, viewStateSearch } from './view-state';

describe('the view in the URL', () => {
  it('reads ids pasted from a spreadsheet column, a comma list or typed with spaces, without repeats', () => {
    expect(parseCaregiverIds('cg-1\r\ncg-2\n\ncg-3')).toEqual(['cg-1', 'cg-2', 'cg-3']);
    expect(parseCaregiverIds(' a, b;c  d,a ')).toEqual(['a', 'b', 'c', 'd']);
    expect(parseCaregiverIds('')).toEqual([]);
  });

  it('tells which ids the API would refuse', () => {
    expect(invalidCaregiverIds(['ok.1:2_x-y', 'no/slash', 'x'.repeat(65)])).toEqual(['no/slash', 'x'.repeat(65)]);
  });

  it('round-trips period and caregivers (hundreds of them) through the query string', () => {
    const view = { from: '2022-01', to: '2026-12', caregiverIds: Array.from({ length: 300 }, (_, i) => `cg-${i}`) };
    const read = readViewState(viewStateSearch(view), new Date(2026, 10, 30));
    expect(read).toEqual({ ...view, shown: true });
  });

  it('without a period in the URL, proposes the last 12 months and shows nothing yet', () => {
    expect(readViewState('', new Date(2026, 10, 30))).toEqual({ from: '2025-12', to: '2026-11', caregiverIds: [], shown: false });
  });
});
