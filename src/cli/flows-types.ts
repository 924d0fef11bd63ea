import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { Command } from 'commander';
import { generateFlowTypes } from '../contract/generate-flow-types';
import type { FlowJson } from '../flow-json/flow-json-schema';
import { shownFlowsDir } from '../project/project-paths';
import { checkFile, flowJsonFilesOf } from './flows-validate';
import { action } from './run-cli';
import { UsageError } from './usage-error';

export const GENERATED_TYPES_FILE = 'flow-types.generated.ts';

/** `flows types [--check] [dir]`: flow-types.generated.ts beside each flow.json. */
export function typesCommand(): Command {
  return new Command('types')
    .description('write flow-types.generated.ts beside each flow.json')
    .argument('[dir]', 'where to look for flow.json files (default: flows/ or FLOWS_DIR)')
    .option('--check', 'write nothing; exit 1 when a generated file is stale')
    .addHelpText('after', '\nExample:\n  npm run flows -- types --check')
    .action(
      action((dirArg: string | undefined, options: { check?: boolean }) => {
        const dir = dirArg ?? shownFlowsDir();
        const files = flowJsonFilesOf(dir);
        if ('error' in files) throw new UsageError(`${dir}: ${files.error}`);
        let code = 0;
        for (const file of files.files) {
          const checked = checkFile(file, { format: 'text', strict: false, warnings: false });
          if (checked.code !== 0) {
            code = Math.max(code, checked.code);
            continue;
          }
          // The folder names the flow, as it names the URL.
          const source = generateFlowTypes(checked.json as FlowJson, basename(dirname(file)));
          const target = join(dirname(file), GENERATED_TYPES_FILE);
          const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
          if (current === source) continue;
          if (options.check) {
            console.error(`${target} is stale: run "npm run flows -- types" and commit it`);
            code = Math.max(code, 1);
          } else {
            writeFileSync(target, source);
            console.log(`wrote ${target}`);
          }
        }
        return code;
      }),
    );
}
