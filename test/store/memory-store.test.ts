import { createMemoryStore } from '../../src/store/memory-store';
import { describeStoreContract } from './store-contract';

describeStoreContract('memory store', async (now) => ({
  store: createMemoryStore(now),
  cleanup: async () => {},
}));
