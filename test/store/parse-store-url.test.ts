import { parseStoreUrl } from '../../src/store/parse-store-url';

const FORMAT = 'STORE_URL must be sqlite:<path> or redis://host:port[/db]';

describe('parseStoreUrl', () => {
  it.each([
    ['sqlite:data/flows.db', 'data/flows.db'],
    ['sqlite:./data/flows.db', './data/flows.db'],
    ['sqlite:/var/lib/flows/flows.db', '/var/lib/flows/flows.db'],
    ['sqlite::memory:', ':memory:'],
  ])('when the URL is %s, then it is SQLite at %s', (url, path) => {
    expect(parseStoreUrl(url)).toEqual({ kind: 'sqlite', path });
  });

  it.each([
    'redis://localhost:6379',
    'redis://127.0.0.1:6379/2',
    'redis://:password@redis.internal:6380/0',
    'rediss://user:password@redis.example.com:6380',
    'redis://redis',
  ])('when the URL is %s, then it is Redis at that URL', (url) => {
    expect(parseStoreUrl(url)).toEqual({ kind: 'redis', url });
  });

  it.each([
    '',
    'sqlite:',
    'sqlite:   ',
    'data/flows.db',
    'postgres://localhost/flows',
    'redis:localhost:6379',
    'redis://',
    'redis://localhost:6379/not-a-db',
    'redis://localhost:notaport',
  ])('when the URL is %j, then it throws the expected format', (url) => {
    expect(() => parseStoreUrl(url)).toThrow(new Error(FORMAT));
  });
});
