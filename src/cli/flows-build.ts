import { relative } from 'node:path';
import { Command } from 'commander';
import { cacheDirOf } from '../project/project-paths';
import { checkProjectFlows } from './check-project-flows';
import { action } from './run-cli';

/** `flows-endpoint build`: compiles and checks every flow ahead of time (in an image's build). */
export function buildCommand(): Command {
  return new Command('build')
    .description('compile and check the flows in flows/ (or FLOWS_DIR) ahead of time')
    .addHelpText('after', '\nExample:\n  npx flows-endpoint build   (in a Dockerfile, before CMD)')
    .action(
      action(() => {
        const checked = checkProjectFlows();
        if (checked.problems.length > 0) return 1;
        const cache = relative(process.cwd(), cacheDirOf(checked.dir)) || '.';
        console.log(`compiled ${checked.flows.map((flow) => flow.name).join(', ')} into ${cache}`);
        return 0;
      }),
    );
}
