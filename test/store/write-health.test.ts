import { StoreUnavailableError } from '../../src/errors/store-unavailable-error';
import {
  createWriteHealth,
  WRITE_VOUCHES_MS,
  type ProbeResult,
} from '../../src/store/write-health';

/** A health whose probe answers what the test says, on a clock the test moves. */
function healthWith() {
  let clock = 0;
  let answer: ProbeResult | Error = 'written';
  const probe = jest.fn(async () => {
    if (answer instanceof Error) throw answer;
    return answer;
  });
  const health = createWriteHealth(probe, () => clock);
  return {
    health,
    probe,
    answer: (next: ProbeResult | Error) => (answer = next),
    pass: (ms: number) => (clock += ms),
  };
}

describe('whether the store accepts writes', () => {
  it('when a real write just went through, then a check needs no probe', async () => {
    const { health, probe } = healthWith();
    health.succeeded();
    await expect(health.check()).resolves.toBeUndefined();
    expect(probe).not.toHaveBeenCalled();
  });

  it('when no write went through lately, then a check writes a probe', async () => {
    const { health, probe, pass } = healthWith();
    health.succeeded();
    pass(WRITE_VOUCHES_MS);
    await expect(health.check()).resolves.toBeUndefined();
    expect(probe).toHaveBeenCalledTimes(1);
  });

  it('when a real write failed, then a check fails with its reason while the probe fails too', async () => {
    const { health, answer } = healthWith();
    health.failed(new Error('SQLite store x: set failed (database or disk is full)'));
    answer(new Error('SQLite store x: write failed (database or disk is full)'));
    const err = await health.check().catch((error: unknown) => error);
    expect(err).toBeInstanceOf(StoreUnavailableError);
    expect((err as Error).message).toBe(
      'writes fail: SQLite store x: write failed (database or disk is full)',
    );
  });

  it('when writes fail and then the probe goes through, then the check passes again at once', async () => {
    const { health } = healthWith();
    health.failed(new Error('disk full'));
    await expect(health.check()).resolves.toBeUndefined();
  });

  it('when the probe cannot tell (a lock held within its bound), then the last outcome stands', async () => {
    const { health, answer } = healthWith();
    answer('unknown');
    await expect(health.check()).resolves.toBeUndefined();
    health.failed(new Error('database is locked'));
    await expect(health.check()).rejects.toThrow('writes fail: database is locked');
  });
});
