import type { EndpointError } from '../../src/errors/endpoint-error';
import { verifyTokenSignature } from '../../src/tokens/verify-token-signature';
import { signJwt } from '../helpers/sign-jwt';

function refusal(jwt: string, token = 'tok', secrets = ['app-secret']): EndpointError {
  try {
    verifyTokenSignature(jwt, token, secrets);
  } catch (err) {
    return err as EndpointError;
  }
  throw new Error('expected a refusal');
}

describe('verifyTokenSignature (flow_token_signature)', () => {
  it('when the JWT is HS256 with the app secret and carries the token, then it passes', () => {
    expect(() =>
      verifyTokenSignature(signJwt({ flow_token: 'tok' }, 'app-secret'), 'tok', ['app-secret']),
    ).not.toThrow();
  });

  it('when the app secret is being rotated, then the old secret still passes', () => {
    expect(() =>
      verifyTokenSignature(signJwt({ flow_token: 'tok' }, 'old'), 'tok', ['new', 'old']),
    ).not.toThrow();
  });

  it.each([
    [
      'made with another secret',
      signJwt({ flow_token: 'tok' }, 'other'),
      'does not match the app secret',
    ],
    [
      'for another flow token',
      signJwt({ flow_token: 'someone-else' }, 'app-secret'),
      'is for another flow token',
    ],
    [
      'of algorithm none',
      signJwt({ flow_token: 'tok' }, 'app-secret', { alg: 'none' }),
      'is not HS256',
    ],
    ['not a JWT', 'garbage', 'is not a JWT'],
    ['expired', signJwt({ flow_token: 'tok', exp: 1 }, 'app-secret'), 'has expired'],
  ])('when the signature is %s, then it is a 432', (_case, jwt, message) => {
    const error = refusal(jwt);
    expect(error.status).toBe(432);
    expect(error.message).toBe(`flow_token_signature ${message}`);
  });
});
