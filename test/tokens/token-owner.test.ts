import { issueFlowToken } from '../../src/tokens/issue-flow-token';
import { findTokenOwner, ownsToken, type TokenOwner } from '../../src/tokens/token-owner';

const SECRET = 'token-owner-test-secret-0123456789abcdef';
const NOW = new Date('2026-01-01T12:00:00Z');
const signed = (flow: string, ttlSeconds = 60, now = NOW) =>
  issueFlowToken({ flow, secret: SECRET, subject: 'customer-7', ttlSeconds, now });

const booking: TokenOwner = { name: 'book-appointment' };
const signUp: TokenOwner = { name: 'sign-up' };
const ownTokens: TokenOwner = {
  name: 'loyalty',
  tokens: {
    verify: (token) => (token === 'ours-1' ? { valid: true, subject: 'u1' } : { valid: false }),
  },
};
const broken: TokenOwner = {
  name: 'broken',
  tokens: {
    verify: () => {
      throw new Error('the flow’s check is down');
    },
  },
};

describe('ownsToken', () => {
  it('when a signed token names the flow and has not expired, then the flow owns it, with its subject and expiry', async () => {
    expect(await ownsToken(booking, signed('book-appointment'), SECRET, NOW)).toEqual({
      owns: true,
      subject: 'customer-7',
      expiresAt: new Date(NOW.getTime() + 60_000),
    });
  });

  it.each([
    ['names another flow', signed('sign-up'), 'other flow'],
    ['has expired', signed('book-appointment', 60, new Date(NOW.getTime() - 120_000)), 'expired'],
    ['is tampered with', `${signed('book-appointment').slice(0, -2)}xx`, 'tampered'],
    ['is not a token of ours', 'whatever-the-user-typed', 'malformed'],
  ])(
    'when a signed token %s, then the flow does not own it, and says why',
    async (_c, token, reason) => {
      expect(await ownsToken(booking, token, SECRET, NOW)).toEqual({ owns: false, reason });
    },
  );

  it('when the flow checks its own tokens, then its answer decides, with no expiry known', async () => {
    expect(await ownsToken(ownTokens, 'ours-1', SECRET, NOW)).toEqual({
      owns: true,
      subject: 'u1',
      expiresAt: undefined,
    });
    expect(await ownsToken(ownTokens, signed('loyalty'), SECRET, NOW)).toEqual({
      owns: false,
      reason: 'refused by the flow',
    });
  });

  it('when the flow’s own check throws, then ownsToken throws it', async () => {
    await expect(ownsToken(broken, 'x', SECRET, NOW)).rejects.toThrow('the flow’s check is down');
  });
});

describe('findTokenOwner', () => {
  const flows = [broken, booking, ownTokens, signUp];

  it('when one of the flows owns the token, then that flow and the subject are found', async () => {
    const bySignature = await findTokenOwner(flows, signed('sign-up'), SECRET, NOW);
    expect(bySignature).toEqual({ flow: signUp, subject: 'customer-7' });
    const byOwnCheck = await findTokenOwner(flows, 'ours-1', SECRET, NOW);
    expect(byOwnCheck).toEqual({ flow: ownTokens, subject: 'u1' });
  });

  it('when a flow’s own check throws, then that is its "no" and the others are still asked', async () => {
    expect(await findTokenOwner([broken], 'ours-1', SECRET, NOW)).toBeUndefined();
    expect((await findTokenOwner(flows, 'ours-1', SECRET, NOW))?.flow).toBe(ownTokens);
  });

  it('when no flow owns the token, then none is found', async () => {
    expect(await findTokenOwner(flows, signed('unknown-flow'), SECRET, NOW)).toBeUndefined();
    expect(await findTokenOwner([], signed('sign-up'), SECRET, NOW)).toBeUndefined();
  });

  it('when asked as of the epoch, then an expired token is still owned by its flow', async () => {
    const expired = signed('book-appointment', 60, new Date(NOW.getTime() - 120_000));
    expect(await findTokenOwner(flows, expired, SECRET, NOW)).toBeUndefined();
    expect((await findTokenOwner(flows, expired, SECRET, new Date(0)))?.flow).toBe(booking);
  });
});
