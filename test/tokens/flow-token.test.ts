import * as issuing from '../../src/tokens/issue-flow-token';
import { issueFlowToken } from '../../src/tokens/issue-flow-token';
import { verifyFlowToken } from '../../src/tokens/verify-flow-token';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const NOW = new Date('2026-11-24T12:00:00Z');

describe('flow tokens', () => {
  it('when a token is issued, then it verifies for its flow with its subject and expiry', () => {
    const token = issueFlowToken({
      flow: 'book-appointment',
      secret: SECRET,
      subject: '+447700900123',
      ttlSeconds: 600,
      now: NOW,
    });
    expect(verifyFlowToken(token, 'book-appointment', SECRET, NOW)).toEqual({
      valid: true,
      flow: 'book-appointment',
      subject: '+447700900123',
      expiresAt: new Date('2026-11-24T12:10:00Z'),
    });
  });

  it('when no ttl is given, then the token lasts 24 hours', () => {
    const token = issueFlowToken({ flow: 'f', secret: SECRET, now: NOW });
    const verdict = verifyFlowToken(token, 'f', SECRET, NOW);
    expect(verdict.valid && verdict.expiresAt).toEqual(new Date('2026-11-25T12:00:00Z'));
  });

  it('when two tokens are issued alike, then they differ (unguessable, unique)', () => {
    const a = issueFlowToken({ flow: 'f', secret: SECRET, now: NOW });
    const b = issueFlowToken({ flow: 'f', secret: SECRET, now: NOW });
    expect(a).not.toBe(b);
  });

  it('when the token has expired, then it is refused as expired', () => {
    const token = issueFlowToken({ flow: 'f', secret: SECRET, ttlSeconds: 60, now: NOW });
    expect(verifyFlowToken(token, 'f', SECRET, new Date(NOW.getTime() + 60_000))).toEqual({
      valid: false,
      reason: 'expired',
    });
  });

  it('when the token is presented to another flow, then it is refused', () => {
    const token = issueFlowToken({ flow: 'f', secret: SECRET, now: NOW });
    expect(verifyFlowToken(token, 'g', SECRET, NOW)).toEqual({
      valid: false,
      reason: 'other flow',
    });
  });

  it('when the claims are altered, then the signature no longer matches', () => {
    const token = issueFlowToken({ flow: 'f', secret: SECRET, ttlSeconds: 60, now: NOW });
    const [body, signature] = token.split('.') as [string, string];
    const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { e: number };
    claims.e += 86_400;
    const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${signature}`;
    expect(verifyFlowToken(forged, 'f', SECRET, NOW)).toEqual({ valid: false, reason: 'tampered' });
  });

  it('when the same token comes again, then its signature is not worked out again, and flow, expiry and secret still count', () => {
    const token = issueFlowToken({ flow: 'f', secret: SECRET, ttlSeconds: 60, now: NOW });
    expect(verifyFlowToken(token, 'f', SECRET, NOW).valid).toBe(true);
    const signing = jest.spyOn(issuing, 'signTokenBody');
    try {
      expect(verifyFlowToken(token, 'f', SECRET, NOW).valid).toBe(true);
      expect(signing).not.toHaveBeenCalled();
      expect(verifyFlowToken(token, 'g', SECRET, NOW)).toEqual({
        valid: false,
        reason: 'other flow',
      });
      const later = new Date(NOW.getTime() + 60_000);
      expect(verifyFlowToken(token, 'f', SECRET, later)).toEqual({
        valid: false,
        reason: 'expired',
      });
      expect(verifyFlowToken(token, 'f', 'another-secret-of-thirty-two-characters', NOW)).toEqual({
        valid: false,
        reason: 'tampered',
      });
    } finally {
      signing.mockRestore();
    }
  });

  it('when the token was signed with another secret, then it is refused as tampered', () => {
    const token = issueFlowToken({
      flow: 'f',
      secret: 'another-secret-of-thirty-two-characters!',
      now: NOW,
    });
    expect(verifyFlowToken(token, 'f', SECRET, NOW)).toEqual({ valid: false, reason: 'tampered' });
  });

  it.each(['', 'not-a-token', 'a.b', `${'x'.repeat(20)}.${'y'.repeat(43)}.z`, 'flows-builder-abc'])(
    'when the token is not one of ours (%s), then it is refused as malformed',
    (token) => {
      const verdict = verifyFlowToken(token, 'f', SECRET, NOW);
      expect(verdict.valid).toBe(false);
      expect(['malformed', 'tampered']).toContain(!verdict.valid && verdict.reason);
    },
  );
});
