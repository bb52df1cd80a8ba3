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
      ledgerIds: async () => ({
        events: [...store.events.keys()].sort(),
        settlements: [...store.settlements.keys()].sort(),
        voidRefusals: [...store.voidRefusals.keys()].sort(),
        reimbursements: [...store.reimbursements.keys()].sort(),
      }),
      monthWrites: async (projection, topic, partition) => store.monthWrites.get(`${projection}#${topic}#${partition}`) ?? {},
      dispose: async () => undefined,
    };
  });
});
