import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { Command } from 'commander';
import { projectFiles, projectPackageJson } from '../scaffold/project-files';
import { action } from './run-cli';
import { UsageError } from './usage-error';

/** `flows-endpoint init [dir]`: makes a folder a runnable project; nothing already there is overwritten. */
export function initCommand(): Command {
  return new Command('init')
    .description(
      'make this folder a Flows Endpoint project (scripts, tsconfig, .env.example, Dockerfile, flows/, a test)',
    )
    .argument('[dir]', 'the project folder', '.')
    .addHelpText(
      'after',
      '\nExample:\n  npx flows-endpoint init\n  npx flows-endpoint new lead-signup --template data-exchange\n  npm run dev',
    )
    .action(
      action((dirArg: string) => {
        const dir = resolve(dirArg);
        const packageFile = join(dir, 'package.json');
        let current: Record<string, unknown> | undefined;
        if (existsSync(packageFile)) {
          try {
            current = JSON.parse(readFileSync(packageFile, 'utf8')) as Record<string, unknown>;
          } catch (err) {
            throw new UsageError(
              `${packageFile} is not JSON (${(err as Error).message}): fix it first`,
            );
          }
        }
        mkdirSync(dir, { recursive: true });
        const packageJson = projectPackageJson(current, basename(dir));
        writeFileSync(packageFile, `${JSON.stringify(packageJson, null, 2)}\n`);
        console.log(`${current ? 'updated' : 'wrote'} package.json`);
        for (const [file, text] of Object.entries(projectFiles())) {
          const target = join(dir, file);
          if (existsSync(target)) {
            console.log(`kept ${file} (already there)`);
            continue;
          }
          mkdirSync(dirname(target), { recursive: true });
          writeFileSync(target, text);
          console.log(`wrote ${file}`);
        }
        console.log(
          '\nNext: npx flows-endpoint new <name> [--template navigate|data-exchange|media], then npm run dev',
        );
        return 0;
      }),
    );
}
