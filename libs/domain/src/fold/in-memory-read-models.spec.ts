import { InMemoryReadModels } from './in-memory-read-models';
import { readModelPortsContract } from './read-model-ports.contract';

describe('InMemoryReadModels, the ports contract', () => {
  readModelPortsContract(async () => {
    const store = new InMemoryReadModels();
    return {
      progress: store,
      writes: store,
      state: store,
      stopPartWay: (units) => store.failAfterWrites(units),
      totals: async (caregiverId) => store.totals.get(caregiverId),
      monthWrites: async (projection, topic, partition) => store.monthWrites.get(`${projection}#${topic}#${partition}`) ?? {},
      dispose: async () => undefined,
    };
  });
});
