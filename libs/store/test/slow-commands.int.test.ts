import { infraEnv, uniqueName } from '@handoff/testing';
import { connectStore, type SlowCommand } from '../src';

describe('slow-command reports on a real MongoDB-wire server', () => {
  it('names the command, collection and filter fields of every command over the threshold, never the values', async () => {
    const reports: SlowCommand[] = [];
    const store = await connectStore({
      url: infraEnv().mongoUrl,
      database: uniqueName('slow').replace(/-/g, '_'),
      appName: 'test',
      slowCommandMs: 0,
      onSlowCommand: (command) => reports.push(command),
    });
    try {
      const people = store.db.collection<{ _id: string; email: string; tier: string }>('people');
      await people.insertOne({ _id: 'p1', email: 'dana@example.com', tier: 'vip' });
      await people.find({ tier: 'vip', email: 'dana@example.com' }).toArray();
      await people.updateOne({ _id: 'p1' }, { $set: { tier: 'standard' } });
      const byCommand = (name: string) => reports.find((r) => r.command === name && r.collection === 'people');
      expect(byCommand('find')).toMatchObject({ filterFields: ['email', 'tier'] });
      expect(byCommand('update')).toMatchObject({ filterFields: ['_id'] });
      expect(byCommand('insert')).toMatchObject({ filterFields: [] });
      expect(reports.every((r) => r.durationMs >= 0)).toBe(true);
      expect(JSON.stringify(reports)).not.toContain('dana@example.com');
    } finally {
      await store.db.dropDatabase();
      await store.close();
    }
  });
});
