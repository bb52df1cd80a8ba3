import { withEventLoopTurns } from './with-event-loop-turns';

async function* received(count: number): AsyncIterable<number> {
  for (let n = 1; n <= count; n += 1) yield n;
}

async function order(source: AsyncIterable<number>): Promise<string[]> {
  const seen: string[] = [];
  setImmediate(() => seen.push('turn'));
  for await (const n of source) seen.push(String(n));
  return seen;
}

describe('withEventLoopTurns', () => {
  it('gives the event loop a turn after every `every` items, in order, losing none', async () => {
    expect(await order(withEventLoopTurns(received(7), 3))).toEqual(['1', '2', '3', 'turn', '4', '5', '6', '7']);
  });

  it('is needed: items already received come through promises only, and the loop ends before the event loop turns', async () => {
    expect(await order(received(7))).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('passes a source shorter than `every` and an empty one through unchanged', async () => {
    expect(await order(withEventLoopTurns(received(2), 3))).toEqual(['1', '2']);
    expect(await order(withEventLoopTurns(received(0), 3))).toEqual([]);
  });
});
