import { createMemoryStore } from '../../src/store/memory-store';
import { describeStoreContract } from './store-contract';

describeStoreContract('memory store', async () => ({
  store: createMemoryStore(),
  cleanup: async () => {},
}));
