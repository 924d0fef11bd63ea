import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadFlowsFolder } from '../../src/testing/load-flows-folder';

const VALID = join(__dirname, '..', 'fixtures', 'flow-json', 'valid-flow.json');

let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'project-'));
  mkdirSync(join(dir, 'flows', 'my-flow'), { recursive: true });
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

const write = (file: string, text: string) =>
  writeFileSync(join(dir, 'flows', 'my-flow', file), text);
const HANDLERS = `import { defineFlow } from 'flows-endpoint';
export default defineFlow({
  name: 'my-flow',
  INIT: (ctx) => ctx.next('CHOOSE', { department: [], max_guests: 2 }),
  screens: {
    CHOOSE: { data_exchange: (ctx) => ctx.next('DETAILS', { department: '', guests: '' }) },
    DETAILS: { data_exchange: (ctx) => ctx.complete() },
  },
});
`;

describe('a project’s flows are found by convention: flows/<name>/flow.json and index.ts', () => {
  it('when both are valid, then the flow is loaded with its flow.json, compiled into the cache', () => {
    copyFileSync(VALID, join(dir, 'flows', 'my-flow', 'flow.json'));
    write('index.ts', HANDLERS);
    const loaded = loadFlowsFolder(join(dir, 'flows'));
    expect(loaded.problems).toEqual([]);
    expect(loaded.flows.map((flow) => flow.name)).toEqual(['my-flow']);
    expect(loaded.flows[0]?.definition.flowJson).toMatchObject({ version: '7.1' });
  });

  it('when flow.json is not JSON, then one line names the file and nothing is loaded', () => {
    write('flow.json', '{"version": "6.0", "screens": [');
    write('index.ts', HANDLERS);
    const loaded = loadFlowsFolder(join(dir, 'flows'));
    expect(loaded.flows).toEqual([]);
    expect(loaded.problems).toHaveLength(1);
    expect(loaded.problems[0]).toMatch(/my-flow\/flow\.json: error: not valid JSON/);
  });

  it('when flow.json breaks a rule, then the problem has file:line:col', () => {
    write('flow.json', JSON.stringify({ version: '7.1', screens: [{ id: 'A' }] }, null, 2));
    write('index.ts', HANDLERS);
    const [problem] = loadFlowsFolder(join(dir, 'flows')).problems;
    expect(problem).toMatch(/my-flow\/flow\.json:\d+:\d+: error: /);
  });

  it('when index.ts does not compile, then the problem has file:line:col', () => {
    copyFileSync(VALID, join(dir, 'flows', 'my-flow', 'flow.json'));
    write(
      'index.ts',
      "import { defineFlow } from 'flows-endpoint';\nexport default defineFlow({ name: 'my-flow', \n",
    );
    const [problem] = loadFlowsFolder(join(dir, 'flows')).problems;
    expect(problem).toMatch(/my-flow\/index\.ts:3:1: error: /);
  });

  it('when a screen that calls the endpoint has no handler, then the flow is refused and the screen named', () => {
    copyFileSync(VALID, join(dir, 'flows', 'my-flow', 'flow.json'));
    write(
      'index.ts',
      "import { defineFlow } from 'flows-endpoint';\nexport default defineFlow({ name: 'my-flow' });\n",
    );
    expect(loadFlowsFolder(join(dir, 'flows')).problems.join('\n')).toMatch(
      /screen "CHOOSE" has a data_exchange action but no data_exchange handler/,
    );
  });

  it('when the flow is named unlike its folder, then that is the problem', () => {
    copyFileSync(VALID, join(dir, 'flows', 'my-flow', 'flow.json'));
    write('index.ts', HANDLERS.replace("name: 'my-flow'", "name: 'other'"));
    expect(loadFlowsFolder(join(dir, 'flows')).problems[0]).toMatch(
      /named "other" but its folder "my-flow"/,
    );
  });
});
