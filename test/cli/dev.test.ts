import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { flowJsonIsValid } from '../../src/cli/dev';

let dir: string;
let error: jest.SpyInstance;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'dev-'));
  mkdirSync(join(dir, 'my-flow'));
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe('npm run dev checks flow.json before starting the server', () => {
  it('when every flow.json is valid, then the server may start', () => {
    copyFileSync(
      join(__dirname, '..', 'fixtures', 'flow-json', 'valid-flow.json'),
      join(dir, 'my-flow', 'flow.json'),
    );
    expect(flowJsonIsValid(dir)).toBe(true);
  });

  it('when a flow.json is not JSON, then one plain line names the file and no stack is printed', () => {
    writeFileSync(join(dir, 'my-flow', 'flow.json'), '{"version": "6.0", "screens": [');
    expect(flowJsonIsValid(dir)).toBe(false);
    const printed = error.mock.calls.map((args) => args.join(' '));
    expect(printed).toHaveLength(1);
    expect(printed[0]).toMatch(/my-flow\/flow\.json: not valid JSON: /);
    expect(printed[0]).not.toMatch(/\n\s+at /);
  });
});
