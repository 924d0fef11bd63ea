import type { Store } from '../../src/store/store';

export interface StoreUnderTest {
  store: Store;
  cleanup: () => Promise<void>;
}

/** Asks again until the expectation holds: a store on its own clock (Redis) expires in real time. */
async function eventually(expectation: () => Promise<void>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await expectation();
    } catch (err) {
      if (Date.now() > deadline) throw err;
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}

/**
 * What every Store must do, whatever keeps the data. Each test gets a fresh, empty store from
 * `makeStore`, given a clock the tests move forward; a store that keeps its own (Redis) is
 * waited for instead.
 */
export function describeStoreContract(
  name: string,
  makeStore: (now: () => number) => Promise<StoreUnderTest>,
): void {
  describe(`${name}: the Store contract`, () => {
    let store: Store;
    let cleanup: () => Promise<void>;
    let skewMs = 0;
    const now = () => Date.now() + skewMs;

    beforeEach(async () => {
      skewMs = 0;
      ({ store, cleanup } = await makeStore(now));
    });

    afterEach(async () => {
      await cleanup();
    });

    it('when a key was never set, then get returns undefined', async () => {
      await expect(store.get('missing')).resolves.toBeUndefined();
    });

    it('when a value is set, then get returns it', async () => {
      await store.set('greeting', 'hello');
      await expect(store.get('greeting')).resolves.toBe('hello');
    });

    it('when a key is set twice, then get returns the second value', async () => {
      await store.set('greeting', 'hello');
      await store.set('greeting', 'goodbye');
      await expect(store.get('greeting')).resolves.toBe('goodbye');
    });

    it('when the TTL passes, then the value is gone, unless it was set again without a TTL', async () => {
      await store.set('short', 'lived', 1);
      await store.set('renewed', 'first', 1);
      await store.set('renewed', 'second');
      await expect(store.get('short')).resolves.toBe('lived');

      skewMs += 1100;

      await eventually(() => expect(store.get('short')).resolves.toBeUndefined());
      await expect(store.get('renewed')).resolves.toBe('second');
    });

    it('when setIfAbsent is called twice, then only the first sets the value', async () => {
      await expect(store.setIfAbsent('claim', 'first')).resolves.toBe(true);
      await expect(store.setIfAbsent('claim', 'second')).resolves.toBe(false);
      await expect(store.get('claim')).resolves.toBe('first');
    });

    it('when a claimed key expires, then setIfAbsent sets it again', async () => {
      await expect(store.setIfAbsent('claim', 'first', 1)).resolves.toBe(true);
      await expect(store.setIfAbsent('claim', 'early', 1)).resolves.toBe(false);

      skewMs += 1100;

      await eventually(() =>
        expect(store.setIfAbsent('claim', 'after expiry')).resolves.toBe(true),
      );
      await expect(store.get('claim')).resolves.toBe('after expiry');
    });

    it('when a claimed key is deleted, then setIfAbsent sets it again', async () => {
      await store.setIfAbsent('claim', 'first');
      await store.delete('claim');
      await expect(store.setIfAbsent('claim', 'after delete')).resolves.toBe(true);
      await expect(store.get('claim')).resolves.toBe('after delete');
    });

    it('when 50 setIfAbsent race on one key, then exactly one wins and its value is kept', async () => {
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) => store.setIfAbsent('contended', `caller-${i}`)),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const winner = results.indexOf(true);
      await expect(store.get('contended')).resolves.toBe(`caller-${winner}`);
    });

    it('when a key is deleted, then get returns undefined', async () => {
      await store.set('doomed', 'value');
      await store.delete('doomed');
      await expect(store.get('doomed')).resolves.toBeUndefined();
    });

    it('when a key that does not exist is deleted, then delete resolves', async () => {
      await expect(store.delete('never-there')).resolves.toBeUndefined();
    });

    it('when members are added, some twice, then setMembers lists each once', async () => {
      await store.addToSet('colours', 'red');
      await store.addToSet('colours', 'green');
      await store.addToSet('colours', 'red');
      expect((await store.setMembers('colours')).sort()).toEqual(['green', 'red']);
    });

    it('when a set was never added to, then setMembers is empty', async () => {
      await expect(store.setMembers('no-set')).resolves.toEqual([]);
    });

    it('when a set is deleted, then setMembers is empty', async () => {
      await store.addToSet('colours', 'red');
      await store.delete('colours');
      await expect(store.setMembers('colours')).resolves.toEqual([]);
    });

    it('when values and members hold unicode, then they come back unchanged', async () => {
      const text = 'Zoë — 日本語 🗓️ مرحبا e\u0301 "quoted" \\ \n tab\t';
      await store.set('unicode', text);
      await store.addToSet('unicode-set', text);
      await expect(store.get('unicode')).resolves.toBe(text);
      await expect(store.setMembers('unicode-set')).resolves.toEqual([text]);
    });

    it('when writes are made durably together, then each takes effect and says whether it did', async () => {
      await store.set('taken', 'first');
      const results = await store.writeDurably([
        { op: 'setIfAbsent', key: 'fresh', value: 'a' },
        { op: 'setIfAbsent', key: 'taken', value: 'second' },
        { op: 'set', key: 'plain', value: 'b', ttlSeconds: 60 },
        { op: 'addToSet', key: 'index', member: 'fresh' },
      ]);
      expect(results).toEqual([true, false, true, true]);
      await expect(store.get('fresh')).resolves.toBe('a');
      await expect(store.get('taken')).resolves.toBe('first');
      await expect(store.get('plain')).resolves.toBe('b');
      await expect(store.setMembers('index')).resolves.toEqual(['fresh']);
    });

    it('when many durable batches are asked for at once, then each gets its own answer', async () => {
      const batches = Array.from({ length: 20 }, (_, i) =>
        store.writeDurably([
          { op: 'setIfAbsent', key: `claim-${i % 10}`, value: String(i) },
          { op: 'addToSet', key: 'claims', member: String(i % 10) },
        ]),
      );
      const won = (await Promise.all(batches)).map(([fresh]) => fresh);
      expect(won.filter(Boolean)).toHaveLength(10);
      expect(won.slice(0, 10).every(Boolean)).toBe(true);
      expect(await store.setMembers('claims')).toHaveLength(10);
    });

    it('when a prefix is deleted, then its values and sets are gone and every other key stays', async () => {
      await store.set('t/acme/session', 'a');
      await store.set('t/acme/deep/record', 'b', 60);
      await store.addToSet('t/acme/index', 'x');
      await store.set('t/acme', 'the bare prefix is not under it');
      await store.set('t/acme-2/session', 'a neighbour whose id starts alike');
      await store.set('t/acmf/session', 'the next id in order');
      await store.addToSet('t/other/index', 'y');

      await expect(store.deleteByPrefix('t/acme/')).resolves.toBe(3);

      await expect(store.get('t/acme/session')).resolves.toBeUndefined();
      await expect(store.get('t/acme/deep/record')).resolves.toBeUndefined();
      await expect(store.setMembers('t/acme/index')).resolves.toEqual([]);
      await expect(store.get('t/acme')).resolves.toBeDefined();
      await expect(store.get('t/acme-2/session')).resolves.toBeDefined();
      await expect(store.get('t/acmf/session')).resolves.toBeDefined();
      await expect(store.setMembers('t/other/index')).resolves.toEqual(['y']);
    });

    it('when a prefix holds many keys or glob characters, then all of them go and nothing else', async () => {
      await Promise.all(Array.from({ length: 1200 }, (_, i) => store.set(`big/${i}`, String(i))));
      await store.set('g[1]*?/a', 'glob characters taken literally');
      await store.set('g1x/a', 'what the glob would match');

      await expect(store.deleteByPrefix('big/')).resolves.toBe(1200);
      await expect(store.deleteByPrefix('g[1]*?/')).resolves.toBe(1);

      await expect(store.get('big/0')).resolves.toBeUndefined();
      await expect(store.get('big/1199')).resolves.toBeUndefined();
      await expect(store.get('g1x/a')).resolves.toBeDefined();
      await expect(store.deleteByPrefix('nothing/')).resolves.toBe(0);
    });

    it('when the prefix is empty, then nothing is deleted and the call fails', async () => {
      await store.set('kept', 'yes');
      await expect(store.deleteByPrefix('')).rejects.toThrow(/not empty/);
      await expect(store.get('kept')).resolves.toBe('yes');
    });

    it('when the backend is up, then ping resolves', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
