import { statSync } from 'node:fs';
import { Command, Option } from 'commander';
import { z } from 'zod';
import { findFlowJsonFiles } from '../flow-json/find-flow-json-files';
import type { LocatedProblem } from '../flow-json/flow-json-problem';
import { OUTPUT_FORMATS, problemLines, type OutputFormat } from '../flow-json/format-problems';
import { locateProblems } from '../flow-json/locate-problems';
import { readJsonFile } from '../util/read-json-file';
import { validateFlowJson } from '../flow-json/validate-flow-json';
import { parseFlag } from './parse-flag';
import { action } from './run-cli';

export interface CheckOptions {
  format: OutputFormat;
  /** Warnings fail too. */
  strict: boolean;
  /** Print warnings (validate does; types, which only needs a flow Meta accepts, does not). */
  warnings?: boolean;
}

export type CheckedFile =
  | { code: 0; json: unknown; problems: LocatedProblem[] }
  | { code: 1; problems: LocatedProblem[] }
  | { code: 2; problems: [] };

/**
 * Reads and validates one flow.json, printing its problems (except with --format json, whose
 * caller prints them all at once); gives the JSON only when it passes.
 */
export function checkFile(
  file: string,
  options: CheckOptions = { format: 'text', strict: false },
): CheckedFile {
  const read = readJsonFile(file);
  if ('error' in read) {
    console.error(`${file}: ${read.error}`);
    return { code: 2, problems: [] };
  }
  const problems = locateProblems(read.text, validateFlowJson(read.json)).filter(
    ({ severity }) => severity === 'error' || options.warnings !== false,
  );
  if (options.format !== 'json') {
    for (const line of problemLines(file, problems, options.format)) console.log(line);
  }
  const fails = problems.some(({ severity }) => severity === 'error' || options.strict);
  return fails ? { code: 1, problems } : { code: 0, json: read.json, problems };
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

const formatSchema = z.enum(OUTPUT_FORMATS, {
  error: `expected one of ${OUTPUT_FORMATS.join(', ')}`,
});

/** `flows validate <file-or-dir>…`: exit 0 passes, 1 problems found, 2 a file cannot be read. */
export function validateCommand(): Command {
  return new Command('validate')
    .description(
      'check flow.json files against Meta’s Flow JSON rules (a directory: every flow.json under it)',
    )
    .argument('<file-or-dir...>', 'flow.json files or directories holding them')
    .option('--strict', 'warnings fail too (exit 1)')
    .addOption(
      new Option('--format <format>', `output: ${OUTPUT_FORMATS.join(', ')}`).default('text'),
    )
    .addHelpText(
      'after',
      [
        '',
        'Each problem: file:line:col: error|warning: message [JSON path].',
        'Errors are what Meta or the device would reject (exit 1); warnings are likely mistakes',
        '(exit 0 unless --strict).',
        '',
        'Examples:',
        '  npx flows-endpoint validate flows',
        '  npm run flows -- validate --strict --format github flows/',
      ].join('\n'),
    )
    .action(
      action((paths: string[], flags: { strict?: boolean; format: string }) => {
        const format = parseFlag(formatSchema, flags.format, '--format');
        const options: CheckOptions = { format, strict: flags.strict === true };
        const report: (LocatedProblem & { file: string })[] = [];
        let code = 0;
        for (const arg of paths) {
          const files = flowJsonFilesOf(arg);
          if ('error' in files) {
            console.error(`${arg}: ${files.error}`);
            code = 2;
            continue;
          }
          for (const file of files.files) {
            const checked = checkFile(file, options);
            if (checked.code === 0 && checked.problems.length === 0 && format === 'text') {
              console.log(`${file}: ok`);
            }
            report.push(...checked.problems.map((problem) => ({ file, ...problem })));
            code = Math.max(code, checked.code);
          }
        }
        if (format === 'json') console.log(JSON.stringify(report, null, 2));
        return code;
      }),
    );
}
