// A database of its own for one describe block of integration tests, on the test MongoDB-wire server.
import { connectStore, ensureIndexes, type Db, type IndexPlan, type Store } from '@handoff/store';
import { infraEnv, uniqueName } from './index';

/** Connects (and creates `indexes`) before the block's tests, drops the database after them. */
export function useTestDatabase(label: string, indexes: IndexPlan = {}): { readonly db: Db; readonly store: Store } {
  let store: Store | undefined;
  beforeAll(async () => {
    store = await connectStore({ url: infraEnv().mongoUrl, database: uniqueName(label).replace(/[.-]/g, '_'), appName: 'test' });
    await ensureIndexes(store.db, indexes);
  });
  afterAll(async () => {
    await store?.db.dropDatabase();
    await store?.close();
  });
  const connected = (): Store => {
    if (!store) throw new Error('useTestDatabase: the database is ready inside tests only');
    return store;
  };
  return {
    get db() {
      return connected().db;
    },
    get store() {
      return connected();
    },
  };
}
