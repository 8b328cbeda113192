import { infraEnv, uniqueName } from '@handoff/testing';
import { connectStore, type Document } from '../src';

// Every service reads and writes single documents by _id on its hot path. On the local FerretDB (SQLite) that is an
// index search only because scripts/infra.d/ferretdb/patch-ferretdb.sh fixes two lines of its backend; this test fails
// if the launcher is built without them. On MongoDB the same test checks that the plan is not a collection scan.
describe('a lookup by _id on the MongoDB-wire server', () => {
  const plans = async (filters: Document[]): Promise<string[]> => {
    const store = await connectStore({ url: infraEnv().mongoUrl, database: uniqueName('idlookup').replace(/-/g, '_'), appName: 'test' });
    try {
      const handoffs = store.db.collection<{ _id: string; status: string }>('handoffs');
      await handoffs.insertMany([
        { _id: 'h1', status: 'queued' },
        { _id: 'h2', status: 'offered' },
      ]);
      return await Promise.all(filters.map(async (filter) => JSON.stringify(await handoffs.find(filter).explain())));
    } finally {
      await store.db.dropDatabase();
      await store.close();
    }
  };

  it('searches the _id index, also when the filter has other conditions (a conditional update)', async () => {
    for (const plan of await plans([{ _id: 'h1' }, { _id: 'h1', status: 'queued' }])) {
      if (plan.includes('"Plan"')) expect(plan).toMatch(/SEARCH \S+ USING INDEX \S+__id_ /); // FerretDB on SQLite
      else expect(plan).not.toContain('COLLSCAN'); // MongoDB
    }
  });
});
