import { statSync } from 'node:fs';
import { Command } from 'commander';
import { findFlowJsonFiles } from '../flow-json/find-flow-json-files';
import { readJsonFile } from '../flow-json/read-json-file';
import { formatProblem, validateFlowJson } from '../flow-json/validate-flow-json';
import { action } from './run-cli';

/** Reads and validates one flow.json, printing its problems; gives the JSON only when it is clean. */
export function checkFile(file: string): { code: 0; json: unknown } | { code: 1 | 2 } {
  const read = readJsonFile(file);
  if ('error' in read) {
    console.error(`${file}: ${read.error}`);
    return { code: 2 };
  }
  const problems = validateFlowJson(read.json);
  for (const problem of problems) console.log(formatProblem(file, problem));
  return problems.length > 0 ? { code: 1 } : { code: 0, json: read.json };
}

/** A file stands for itself; a directory for every flow.json under it. */
export function flowJsonFilesOf(arg: string): { files: string[] } | { error: string } {
  let files: string[];
  try {
    files = statSync(arg).isDirectory() ? findFlowJsonFiles(arg) : [arg];
  } catch (err) {
    return { error: `cannot read: ${(err as Error).message}` };
  }
  return files.length > 0 ? { files } : { error: 'no flow.json found in this directory' };
}

/** `flows validate <file-or-dir>…`: exit 0 clean, 1 problems found, 2 a file cannot be read. */
export function validateCommand(): Command {
  return new Command('validate')
    .description('check flow.json files (a directory: every flow.json under it)')
    .argument('<file-or-dir...>', 'flow.json files or directories holding them')
    .addHelpText('after', '\nExample:\n  npm run flows -- validate src/flows')
    .action(
      action((paths: string[]) => {
        let code = 0;
        for (const arg of paths) {
          const files = flowJsonFilesOf(arg);
          if ('error' in files) {
            console.error(`${arg}: ${files.error}`);
            code = 2;
            continue;
          }
          for (const file of files.files) {
            const checked = checkFile(file);
            if (checked.code === 0) console.log(`${file}: ok`);
            code = Math.max(code, checked.code);
          }
        }
        return code;
      }),
    );
}
