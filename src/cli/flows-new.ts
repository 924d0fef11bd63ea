import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { generateFlowTypes } from '../contract/generate-flow-types';
import type { FlowJson } from '../flow-json/flow-json-schema';
import { flowsDirOf, shownFlowsDir } from '../project/project-paths';
import { FLOW_NAME } from '../flow-definition/define-flow';
import { flowFiles, TEMPLATES } from '../scaffold/flow-templates';
import { GENERATED_TYPES_FILE } from './flows-types';
import { parseFlag } from './parse-flag';
import { action } from './run-cli';
import { UsageError } from './usage-error';

const templateSchema = z.enum(TEMPLATES, { error: `expected one of ${TEMPLATES.join(', ')}` });
const nameSchema = z
  .string()
  .regex(FLOW_NAME, 'lower-case letters, digits and dashes (it is the URL /flows/<name>)');

/**
 * `flows-endpoint new <name> [--template …]`: flows/<name>/ with a valid flow.json, its generated
 * types, a typed index.ts, and test/<name>.test.ts. A running `dev` serves it at once.
 */
export function newCommand(): Command {
  return new Command('new')
    .description('write a new flow: flows/<name>/flow.json, index.ts, its types and a test')
    .argument('<name>', 'the flow name, served at /flows/<name>')
    .addOption(
      new Option('--template <template>', `what it starts from: ${TEMPLATES.join(', ')}`).default(
        'data-exchange',
      ),
    )
    .addHelpText(
      'after',
      '\nExample:\n  npx flows-endpoint new lead-signup --template data-exchange',
    )
    .action(
      action((nameArg: string, options: { template: string }) => {
        const name = parseFlag(nameSchema, nameArg, '<name>');
        const template = parseFlag(templateSchema, options.template, '--template');
        const folder = join(flowsDirOf(), name);
        if (existsSync(folder))
          throw new UsageError(`${join(shownFlowsDir(), name)} already exists`);
        const files = flowFiles(name, template);
        const shown = join(shownFlowsDir(), name);
        const writes: [string, string][] = [
          [join(folder, 'flow.json'), `${JSON.stringify(files.flowJson, null, 2)}\n`],
          [join(folder, GENERATED_TYPES_FILE), generateFlowTypes(files.flowJson as FlowJson, name)],
          [join(folder, 'index.ts'), files.index],
        ];
        const test = resolve(flowsDirOf(), '..', 'test', `${name}.test.ts`);
        if (!existsSync(test)) writes.push([test, files.test]);
        for (const [file, text] of writes) {
          mkdirSync(dirname(file), { recursive: true });
          writeFileSync(file, text);
        }
        console.log(
          `wrote ${shown}/ (flow.json, index.ts, ${GENERATED_TYPES_FILE}) from the ${template} template`,
        );
        if (writes.length > 3) console.log(`wrote test/${name}.test.ts`);
        console.log(`Served at /flows/${name} by "npm run dev" (it restarts by itself).`);
        return 0;
      }),
    );
}
