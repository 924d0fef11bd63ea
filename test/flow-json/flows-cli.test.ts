import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { runMain as runFlowsCli } from '../../src/cli/main';

const valid = readFileSync(
  join(__dirname, '..', 'fixtures', 'flow-json', 'valid-flow.json'),
  'utf8',
);
// The valid fixture with one navigate target misspelt.
const broken = valid.replace('"name": "DETAILS" }', '"name": "DETIALS" }');
const BROKEN_PATH = 'screens[0].layout.children[0].children[2]';

let dir: string;
let log: jest.SpyInstance;
let error: jest.SpyInstance;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'flows-cli-'));
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
  error = jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

const lines = (spy: jest.SpyInstance) => spy.mock.calls.map((args) => args.join(' '));
const write = (relative: string, text: string) => {
  const file = join(dir, relative);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, text);
  return file;
};

describe('runFlowsCli validate', () => {
  it('when the file is clean, then it prints "<file>: ok" and exits 0', async () => {
    const file = write('flow.json', valid);
    expect(await runFlowsCli(['validate', file])).toBe(0);
    expect(lines(log)).toEqual([`${file}: ok`]);
    expect(error).not.toHaveBeenCalled();
  });

  it('when the file has a problem, then it prints one "<file>: <path>: <message>" line and exits 1', async () => {
    const file = write('flow.json', broken);
    expect(await runFlowsCli(['validate', file])).toBe(1);
    expect(lines(log)).toEqual([
      `${file}:53:15: error: navigate to unknown screen "DETIALS" (did you mean "DETAILS"?) [${BROKEN_PATH}]`,
    ]);
    expect(error).not.toHaveBeenCalled();
  });

  it('when given a directory, then it validates every flow.json under it, at any depth, and nothing else', async () => {
    const good = write('a/flow.json', valid);
    const bad = write('b/deep/er/flow.json', broken);
    write('b/other.json', '{ not even json');
    write('node_modules/pkg/flow.json', '{ not even json');
    write('.hidden/flow.json', '{ not even json');

    expect(await runFlowsCli(['validate', dir])).toBe(1);
    expect(lines(log)).toEqual([
      `${good}: ok`,
      `${bad}:53:15: error: navigate to unknown screen "DETIALS" (did you mean "DETAILS"?) [${BROKEN_PATH}]`,
    ]);
    expect(error).not.toHaveBeenCalled();
  });

  it('when given several files, then each is reported under the path as given', async () => {
    const good = write('one.json', valid);
    const bad = write('two.json', broken);
    expect(await runFlowsCli(['validate', bad, good])).toBe(1);
    expect(lines(log)).toEqual([
      `${bad}:53:15: error: navigate to unknown screen "DETIALS" (did you mean "DETAILS"?) [${BROKEN_PATH}]`,
      `${good}: ok`,
    ]);
  });

  it('when a file is not JSON, then it says so, still validates the others, and exits 2', async () => {
    const bad = write('bad/flow.json', broken);
    const notJson = write('x.json', '{ "version": ');
    const parseError = (() => {
      try {
        return `parsed ${String(JSON.parse('{ "version": '))}`;
      } catch (err) {
        return (err as Error).message;
      }
    })();
    expect(await runFlowsCli(['validate', notJson, bad])).toBe(2);
    expect(lines(error)).toEqual([`${notJson}: not valid JSON: ${parseError}`]);
    expect(lines(log)).toEqual([
      `${bad}:53:15: error: navigate to unknown screen "DETIALS" (did you mean "DETAILS"?) [${BROKEN_PATH}]`,
    ]);
  });

  it('when a path does not exist, then it says it cannot be read and exits 2', async () => {
    const missing = join(dir, 'missing.json');
    expect(await runFlowsCli(['validate', missing])).toBe(2);
    expect(lines(error)).toEqual([
      `${missing}: cannot read: ENOENT: no such file or directory, stat '${missing}'`,
    ]);
    expect(log).not.toHaveBeenCalled();
  });

  it('when a directory holds no flow.json, then it says so and exits 2', async () => {
    write('notes.txt', 'hello');
    expect(await runFlowsCli(['validate', dir])).toBe(2);
    expect(lines(error)).toEqual([`${dir}: no flow.json found in this directory`]);
  });

  it('when given nothing to validate or an option, then it prints the usage and exits 2', async () => {
    expect(await runFlowsCli(['validate'])).toBe(2);
    expect(lines(error)).toEqual(["error: missing required argument 'file-or-dir'"]);
    error.mockClear();

    expect(await runFlowsCli(['validate', '--fix', join(dir, 'flow.json')])).toBe(2);
    expect(lines(error)).toEqual(["error: unknown option '--fix'"]);
    expect(log).not.toHaveBeenCalled();
  });
});

describe('runFlowsCli', () => {
  it('when no command is given, then it prints the usage and exits 2', async () => {
    expect(await runFlowsCli([])).toBe(2);
    expect(lines(error)[0]).toContain('  validate [options] <file-or-dir...>');
  });

  it('when the command is unknown, then it names it and exits 2', async () => {
    expect(await runFlowsCli(['check', 'flow.json'])).toBe(2);
    expect(lines(error)).toEqual(["error: unknown command 'check'"]);
  });

  it('when asked for help, then it prints the usage and exits 0', async () => {
    expect(await runFlowsCli(['--help'])).toBe(0);
    expect(lines(log)[0]).toMatch(/^Usage: flows-endpoint \[options\] \[command\]/);
  });
});

describe('runFlowsCli types', () => {
  it('when run on a folder of flows, then each gets flow-types.generated.ts named after its folder', async () => {
    write('sign-up/flow.json', valid);
    expect(await runFlowsCli(['types', dir])).toBe(0);
    const generated = readFileSync(join(dir, 'sign-up', 'flow-types.generated.ts'), 'utf8');
    expect(generated).toContain('export interface SignUpFlow {');
    expect(generated).toContain('export interface SignUpScreens {');
    expect(lines(log)).toEqual([`wrote ${join(dir, 'sign-up', 'flow-types.generated.ts')}`]);
  });

  it('when the generated types are current, then --check exits 0 and writes nothing', async () => {
    write('sign-up/flow.json', valid);
    await runFlowsCli(['types', dir]);
    log.mockClear();
    expect(await runFlowsCli(['types', '--check', dir])).toBe(0);
    expect(lines(log)).toEqual([]);
  });

  it('when flow.json changed after generating, then --check exits 1 naming the stale file', async () => {
    const file = write('sign-up/flow.json', valid);
    await runFlowsCli(['types', dir]);
    writeFileSync(file, valid.replace(/"DETAILS"/g, '"CONTACT"'));
    expect(await runFlowsCli(['types', '--check', dir])).toBe(1);
    expect(lines(error)).toEqual([
      `${join(dir, 'sign-up', 'flow-types.generated.ts')} is stale: run "npm run flows -- types" and commit it`,
    ]);
  });

  it('when a flow.json has problems, then no types are written and it exits 1 with the problems', async () => {
    write('sign-up/flow.json', broken);
    expect(await runFlowsCli(['types', dir])).toBe(1);
    expect(lines(log)).toEqual([
      `${join(dir, 'sign-up', 'flow.json')}:53:15: error: navigate to unknown screen "DETIALS" (did you mean "DETAILS"?) [${BROKEN_PATH}]`,
    ]);
  });

  it('when the project is checked, then the committed types match every flow.json', async () => {
    expect(await runFlowsCli(['types', '--check', join(__dirname, '..', '..', 'flows')])).toBe(0);
  });
});

describe('runFlowsCli validate: severities and formats', () => {
  // The valid fixture with a stray property: a warning, not an error.
  const warned = valid.replace('"name": "guests",', '"name": "guests", "placeholder": "2",');

  it('when the file has only warnings, then they are printed with file:line:col and it exits 0', async () => {
    const file = write('flow.json', warned);
    expect(await runFlowsCli(['validate', file])).toBe(0);
    expect(lines(log)).toEqual([
      expect.stringMatching(
        new RegExp(
          `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:\\d+:\\d+: warning: "placeholder" is not a property of TextInput`,
        ),
      ),
    ]);
  });

  it('when --strict is given, then warnings fail (exit 1)', async () => {
    const file = write('flow.json', warned);
    expect(await runFlowsCli(['validate', '--strict', file])).toBe(1);
  });

  it('when --format json is given, then one JSON list of problems is printed', async () => {
    const file = write('flow.json', broken);
    expect(await runFlowsCli(['validate', '--format', 'json', file])).toBe(1);
    expect(JSON.parse(lines(log).join('\n'))).toEqual([
      {
        file,
        path: BROKEN_PATH,
        message: 'navigate to unknown screen "DETIALS" (did you mean "DETAILS"?)',
        severity: 'error',
        line: 53,
        column: 15,
      },
    ]);
  });

  it('when --format github is given, then each problem is a GitHub Actions annotation', async () => {
    const file = write('flow.json', broken);
    expect(await runFlowsCli(['validate', '--format', 'github', file])).toBe(1);
    expect(lines(log)).toEqual([
      `::error file=${file},line=53,col=15,title=${BROKEN_PATH}::navigate to unknown screen "DETIALS" (did you mean "DETAILS"?)`,
    ]);
  });

  it('when --format names no format, then it says which exist and exits 2', async () => {
    const file = write('flow.json', valid);
    expect(await runFlowsCli(['validate', '--format', 'xml', file])).toBe(2);
    expect(lines(error)).toEqual(['--format: expected one of text, json, github']);
  });
});
