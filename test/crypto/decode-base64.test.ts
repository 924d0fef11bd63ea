import { randomBytes } from 'node:crypto';
import { decodeBase64 } from '../../src/crypto/decode-base64';
import { EndpointError } from '../../src/errors/endpoint-error';

const refused = (value: string) => {
  try {
    decodeBase64(value, 'initial_vector');
  } catch (err) {
    return err instanceof EndpointError ? err.message : `not an EndpointError: ${String(err)}`;
  }
  return 'accepted';
};

describe('decodeBase64', () => {
  const bytes = randomBytes(257);

  it('when the text is canonical padded Base64, then it decodes to the bytes', () => {
    expect(decodeBase64(bytes.toString('base64'), 'f')).toEqual(bytes);
  });

  it('when padding is left out or the text is line-wrapped, then it still decodes', () => {
    const text = bytes.toString('base64');
    expect(decodeBase64(text.replace(/=+$/, ''), 'f')).toEqual(bytes);
    expect(decodeBase64(text.replace(/(.{76})/g, '$1\r\n'), 'f')).toEqual(bytes);
  });

  it('when the last character carries unused bits, then it decodes as Node does', () => {
    expect(decodeBase64('QR==', 'f')).toEqual(Buffer.from('QR==', 'base64'));
  });

  it('when a character is outside the standard alphabet, then it is refused, naming the field', () => {
    const text = bytes.toString('base64');
    for (const wrong of ['-', '_', '*', '!']) {
      expect(refused(`${wrong}${text.slice(1)}`)).toBe('initial_vector is not valid Base64');
    }
    expect(refused(`${text.slice(0, 8)}=${text.slice(9)}`)).toBe(
      'initial_vector is not valid Base64',
    );
  });

  it('when padding is too long, or stands before the end, then it is refused', () => {
    for (const wrong of ['Q===', '====', 'QU=D', 'Q=D=', 'QUJD====']) {
      expect(refused(wrong)).toBe('initial_vector is not valid Base64');
    }
  });

  it('when a character Node would skip stands anywhere, then it is refused', () => {
    const text = bytes.toString('base64');
    for (const at of [0, 100, text.length - 3]) {
      for (const wrong of ['*', '\u00e9', '.', '\0']) {
        expect(refused(`${text.slice(0, at)}${wrong}${text.slice(at + 1)}`)).toBe(
          'initial_vector is not valid Base64',
        );
      }
    }
  });

  it('when the length cannot be Base64, then it is refused', () => {
    expect(refused('QUJDR')).toBe('initial_vector is not valid Base64');
  });
});
