import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { generateFlowTypes } from '../contract/generate-flow-types';
import type { FlowJson } from '../flow-json/flow-json-schema';
import { findFlowJsonFiles } from '../flow-json/find-flow-json-files';
import { readJsonFile } from '../flow-json/read-json-file';
import { runBookingsCommand } from './flows-bookings';
import { runTokenCommand } from './flows-token';
import { formatProblem, validateFlowJson } from '../flow-json/validate-flow-json';

interface Subcommand {
  /** One line: arguments and what it does. */
  usage: string;
  /** Returns the exit code: 0 fine, 1 problems found, 2 usage or input error. */
  run(args: string[]): number | Promise<number>;
}

/** A new subcommand is one more entry here. */
const SUBCOMMANDS: Record<string, Subcommand> = {
  validate: {
    usage:
      'validate <file-or-dir>...  check flow.json files (a directory: every flow.json under it)',
    run: runValidate,
  },
  types: {
    usage:
      'types [--check] [dir]      write flow-types.generated.ts beside each flow.json (default dir: src/flows); --check: fail if one is stale',
    run: runTypes,
  },
  token: {
    usage: 'token <flow> [--subject S] [--ttl SECONDS]  print a new signed flow token (last line)',
    run: runTokenCommand,
  },
  bookings: {
    usage: 'bookings [--format csv|json]  export book-appointment bookings from STORE_URL',
    run: runBookingsCommand,
  },
};

export const GENERATED_TYPES_FILE = 'flow-types.generated.ts';

const USAGE = `Usage: npm run flows -- <command> [arguments]

Commands:
${Object.values(SUBCOMMANDS)
  .map(({ usage }) => `  ${usage}`)
  .join('\n')}`;

/** `npm run flows -- <command> …`: tools for a flow's flow.json. Returns the exit code. */
export function runFlowsCli(argv: string[]): Promise<number> | number {
  const [name, ...args] = argv;
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(USAGE);
    return 0;
  }
  const subcommand =
    name !== undefined && Object.hasOwn(SUBCOMMANDS, name) ? SUBCOMMANDS[name] : undefined;
  if (!subcommand) {
    console.error(name === undefined ? USAGE : `Unknown command "${name}".\n\n${USAGE}`);
    return 2;
  }
  return subcommand.run(args);
}

function runValidate(args: string[]): number {
  const option = args.find((arg) => arg.startsWith('-'));
  if (args.length === 0 || option !== undefined) {
    const why = option === undefined ? 'Nothing to validate.' : `Unknown option "${option}".`;
    console.error(`${why}\n\n${USAGE}`);
    return 2;
  }
  let code = 0;
  for (const arg of args) {
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
}

function runTypes(args: string[]): number {
  const check = args.includes('--check');
  const rest = args.filter((arg) => arg !== '--check');
  const option = rest.find((arg) => arg.startsWith('-'));
  if (option !== undefined || rest.length > 1) {
    console.error(
      `${option ? `Unknown option "${option}".` : 'One directory at most.'}\n\n${USAGE}`,
    );
    return 2;
  }
  const files = flowJsonFilesOf(rest[0] ?? 'src/flows');
  if ('error' in files) {
    console.error(files.error);
    return 2;
  }
  let code = 0;
  for (const file of files.files) {
    const checked = checkFile(file);
    if (checked.code !== 0) {
      code = Math.max(code, checked.code);
      continue;
    }
    // The folder names the flow, as it names the URL.
    const source = generateFlowTypes(checked.json as FlowJson, basename(dirname(file)));
    const target = join(dirname(file), GENERATED_TYPES_FILE);
    const current = existsSync(target) ? readFileSync(target, 'utf8') : undefined;
    if (current === source) continue;
    if (check) {
      console.error(`${target} is stale: run "npm run flows -- types" and commit it`);
      code = Math.max(code, 1);
    } else {
      writeFileSync(target, source);
      console.log(`wrote ${target}`);
    }
  }
  return code;
}

/** Reads and validates one flow.json, printing its problems; gives the JSON only when it is clean. */
function checkFile(file: string): { code: 0; json: unknown } | { code: 1 | 2 } {
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
function flowJsonFilesOf(arg: string): { files: string[] } | { error: string } {
  let files: string[];
  try {
    files = statSync(arg).isDirectory() ? findFlowJsonFiles(arg) : [arg];
  } catch (err) {
    return { error: `cannot read: ${(err as Error).message}` };
  }
  return files.length > 0 ? { files } : { error: 'no flow.json found in this directory' };
}

if (require.main === module) {
  void Promise.resolve(runFlowsCli(process.argv.slice(2))).then((code) => {
    process.exitCode = code;
  });
}
