import { ThrottledWarning } from './throttled-warning';

describe('ThrottledWarning', () => {
  it('warns at the first failure, then at most once per interval with the failures since the last warning', () => {
    let now = 1_000;
    const warning = new ThrottledWarning(30_000, () => now);
    const warned: number[] = [];
    const fail = () => warning.failed((failures) => warned.push(failures));

    fail();
    expect(warned).toEqual([1]);
    for (let i = 0; i < 5; i += 1) {
      now += 5_000;
      fail();
    }
    expect(warned).toEqual([1]);
    now += 4_999;
    fail();
    expect(warned).toEqual([1]);
    now += 1;
    fail();
    expect(warned).toEqual([1, 7]);
    now += 30_000;
    fail();
    expect(warned).toEqual([1, 7, 1]);
  });

  it('keeps one count per instance', () => {
    const now = 0;
    const first = new ThrottledWarning(30_000, () => now);
    const second = new ThrottledWarning(30_000, () => now);
    const warned: string[] = [];
    first.failed((n) => warned.push(`first ${n}`));
    second.failed((n) => warned.push(`second ${n}`));
    first.failed((n) => warned.push(`first ${n}`));
    expect(warned).toEqual(['first 1', 'second 1']);
  });
});
