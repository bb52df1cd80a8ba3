import { setImmediate as nextTurn } from 'node:timers/promises';

/**
 * The items of `source`, with a turn of the event loop after every `every` of them. The documents
 * of a batch the driver has already received come through promises only, so a loop over them
 * never lets the event loop run: decoding a heavy report's batch of 1 000 caregiver documents held
 * every other request of the query-api for about 300 ms at a time. A turn lets the light ones in.
 */
export async function* withEventLoopTurns<T>(source: AsyncIterable<T>, every: number): AsyncIterable<T> {
  let sinceTurn = 0;
  for await (const item of source) {
    yield item;
    sinceTurn += 1;
    if (sinceTurn >= every) {
      sinceTurn = 0;
      await nextTurn();
    }
  }
}
