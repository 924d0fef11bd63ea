import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runMain } from '../../src/cli/main';
import { TEMPLATES } from '../../src/scaffold/flow-templates';
import { loadFlowsFolder } from '../../src/testing/load-flows-folder';

let dir: string;
const saved = process.env.FLOWS_DIR;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'new-flow-'));
  process.env.FLOWS_DIR = join(dir, 'flows');
  jest.spyOn(console, 'log').mockImplementation(() => undefined);
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});
afterEach(() => {
  jest.restoreAllMocks();
  process.env.FLOWS_DIR = saved;
  rmSync(dir, { recursive: true, force: true });
});

describe('flows-endpoint new', () => {
  it.each(TEMPLATES)(
    'when a flow is written from the %s template, then the server loads it as it is',
    async (template) => {
      expect(await runMain(['new', 'my-flow', '--template', template])).toBe(0);
      const loaded = loadFlowsFolder(join(dir, 'flows'));
      expect(loaded.problems).toEqual([]);
      expect(loaded.flows.map((flow) => flow.name)).toEqual(['my-flow']);
    },
  );

  it('when the name is not a URL segment, then one line says so and exit 2', async () => {
    expect(await runMain(['new', 'My Flow'])).toBe(2);
  });

  it('when the flow exists already, then nothing is overwritten and exit 2', async () => {
    expect(await runMain(['new', 'my-flow'])).toBe(0);
    expect(await runMain(['new', 'my-flow'])).toBe(2);
  });
});
