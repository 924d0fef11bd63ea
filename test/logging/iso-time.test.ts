import pino from 'pino';
import { isoTime } from '../../src/logging/iso-time';

describe('the log lines’ time', () => {
  afterEach(() => jest.restoreAllMocks());

  it('when lines are written across seconds, then each reads as pino’s isoTime would write it', () => {
    const time = isoTime();
    const moments = [
      Date.UTC(2026, 11, 7, 3, 59, 59, 999),
      Date.UTC(2026, 11, 7, 4, 0, 0, 0),
      Date.UTC(2026, 11, 7, 4, 0, 0, 7),
      Date.UTC(2026, 11, 7, 4, 0, 0, 42),
      Date.UTC(2026, 11, 7, 4, 0, 0, 420),
      Date.UTC(2026, 11, 7, 4, 0, 1, 5),
      Date.UTC(2026, 11, 7, 3, 59, 59, 1),
      Date.UTC(1999, 11, 31, 23, 59, 59, 500),
    ];
    for (const moment of moments) {
      jest.spyOn(Date, 'now').mockReturnValue(moment);
      expect(time()).toBe(pino.stdTimeFunctions.isoTime());
      expect(time()).toBe(`,"time":"${new Date(moment).toISOString()}"`);
    }
  });
});
