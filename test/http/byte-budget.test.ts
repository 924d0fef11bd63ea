import { byteBudget } from '../../src/http/byte-budget';

describe('a byte budget', () => {
  it('when a claim does not fit beside the others, then the oldest make room, each told once', () => {
    const budget = byteBudget(100);
    const evicted: string[] = [];
    const first = budget.claim(40, () => evicted.push('first'));
    budget.claim(40, () => evicted.push('second'));
    budget.claim(50, () => evicted.push('third'));

    expect(evicted).toEqual(['first']);
    expect(budget.inUse()).toBe(90);
    first?.release();
    expect(budget.inUse()).toBe(90);
  });

  it('when a claim is larger than the whole budget, then it is refused and no one is evicted', () => {
    const budget = byteBudget(100);
    const evicted = jest.fn();
    budget.claim(60, evicted);
    expect(budget.claim(101, jest.fn())).toBeUndefined();
    expect(evicted).not.toHaveBeenCalled();
  });

  it('when a claim grows as bytes arrive, then older ones make room, and all it holds is given back once', () => {
    const budget = byteBudget(100);
    const older = jest.fn();
    budget.claim(50, older);
    const claim = budget.claim(0, jest.fn());
    expect(claim?.cover(40)).toBe(true);
    expect(older).not.toHaveBeenCalled();
    expect(claim?.cover(70)).toBe(true);
    expect(older).toHaveBeenCalledTimes(1);
    expect(claim?.cover(101)).toBe(false);
    expect(budget.inUse()).toBe(70);
    claim?.release();
    claim?.release();
    expect(budget.inUse()).toBe(0);
  });
});
