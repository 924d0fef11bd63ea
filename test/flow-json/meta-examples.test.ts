import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { validateFlowJson } from '../../src/flow-json/validate-flow-json';

const dir = join(__dirname, '..', 'fixtures', 'meta-flows');
const sources = z
  .object({
    fixtures: z.array(
      z.object({
        file: z.string(),
        version: z.string(),
        source: z.url(),
        reconstructed: z.string().nullable(),
      }),
    ),
  })
  .parse(JSON.parse(readFileSync(join(dir, 'sources.json'), 'utf8')));
const files = readdirSync(dir).filter((file) => file !== 'sources.json');

describe("Meta's valid Flow JSON examples", () => {
  it('when the fixtures are listed, then there are at least 25, each with its source, from 2.1 to 7.3', () => {
    expect(files.length).toBeGreaterThanOrEqual(25);
    expect(sources.fixtures.map(({ file }) => file).sort()).toEqual([...files].sort());
    const versions = new Set(sources.fixtures.map(({ version }) => version));
    for (const version of [
      '2.1',
      '3.0',
      '4.0',
      '5.0',
      '5.1',
      '6.0',
      '6.1',
      '6.2',
      '6.3',
      '7.0',
      '7.1',
      '7.3',
    ]) {
      expect(versions).toContain(version);
    }
  });

  it.each(files)('when %s is validated, then it has no error', (file) => {
    const json: unknown = JSON.parse(readFileSync(join(dir, file), 'utf8'));
    expect(validateFlowJson(json).filter(({ severity }) => severity === 'error')).toEqual([]);
  });
});
