import { existsSync, readdirSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import { problemLines } from '../flow-json/format-problems';
import { locateProblems } from '../flow-json/locate-problems';
import { readJsonFile } from '../util/read-json-file';
import { validateFlowJson } from '../flow-json/validate-flow-json';
import { FLOW_NAME, type FlowDefinition } from '../flow-definition/define-flow';
import { FlowJsonError, loadFlow } from '../router/load-flow';
import { compileFlows, type CompiledFlow } from './compile-flow';
import { shownPath as shown } from './project-paths';
import type { FlowCommand, FlowDeps } from './flow-module';

/** A flow of the project, checked and ready to serve. */
export interface ProjectFlow {
  name: string;
  definition: FlowDefinition;
  /** `flows/<name>/flow.json`. */
  flowJsonFile: string;
  /** The commands its index.ts exports as `commands`. */
  commands: readonly FlowCommand[];
}

export interface ProjectFlows {
  flows: ProjectFlow[];
  /** One line per problem, `file:line:col: error: …` where there is a place to point at. */
  problems: string[];
}

/** The folders of `dir` that hold a flow.json or an index.ts, by name. */
function flowFolders(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .filter(({ name }) =>
      ['flow.json', 'index.ts'].some((file) => existsSync(join(dir, name, file))),
    )
    .map(({ name }) => name)
    .sort();
}

/** The package's own entries: a flow's import of them is this running copy, never a second one. */
const OWN_ENTRIES: Record<string, string> = {
  'flows-endpoint': require.resolve('../index'),
  'flows-endpoint/testing': require.resolve('../testing/index'),
};
/** The installed package (or this repository): where its own dependencies resolve from. */
const PACKAGE_ROOT = resolve(__dirname, '..', '..');

/**
 * Runs a compiled flow. Its packages resolve from its own folder first, then from this package
 * (zod, pino), and load through this module's `require`, so that the flow and the server share one
 * copy of each.
 */
function exportsOf(code: string, file: string, flowDir: string): Record<string, unknown> {
  // Under jest this is jest's require, so that a flow and the tests share their modules too.
  const load: (id: string) => unknown = require;
  const requireFor = (spec: string): unknown => {
    const own = OWN_ENTRIES[spec];
    if (own !== undefined) return load(own);
    if (spec.startsWith('node:') || builtinModules.includes(spec)) return load(spec);
    return load(require.resolve(spec, { paths: [flowDir, PACKAGE_ROOT] }));
  };
  const module = { exports: {} as Record<string, unknown> };
  const run = new Function('exports', 'require', 'module', '__filename', '__dirname', code);
  run(module.exports, requireFor, module, file, flowDir);
  return module.exports;
}

/** The flow.json's errors as `file:line:col` lines, or its JSON. */
function readFlowJson(file: string): { json: unknown } | { problems: string[] } {
  const read = readJsonFile(file);
  if ('error' in read) return { problems: [`${file}: error: ${read.error}`] };
  const errors = locateProblems(read.text, validateFlowJson(read.json)).filter(
    ({ severity }) => severity === 'error',
  );
  if (errors.length > 0) return { problems: problemLines(file, errors, 'text') };
  return { json: read.json };
}

function definitionOf(exported: unknown, deps: FlowDeps): unknown {
  return typeof exported === 'function'
    ? (exported as (deps: FlowDeps) => unknown)(deps)
    : exported;
}

type Checked = { name: string; entry: string; flowJsonFile: string; json: unknown };

/** A flow's folder before compiling: its name, flow.json and index.ts checked. */
function checkFolder(dir: string, name: string): Checked | { problems: string[] } {
  const flowJsonFile = shown(join(dir, name, 'flow.json'));
  const entry = join(dir, name, 'index.ts');
  if (!FLOW_NAME.test(name)) {
    return {
      problems: [
        `${shown(join(dir, name))}: error: a flow's folder names its URL: lower-case letters, digits and dashes`,
      ],
    };
  }
  if (!existsSync(flowJsonFile)) return { problems: [`${flowJsonFile}: error: missing`] };
  const flowJson = readFlowJson(flowJsonFile);
  if ('problems' in flowJson) return flowJson;
  if (!existsSync(entry)) {
    return {
      problems: [
        `${shown(entry)}: error: missing: it exports default defineFlow({ name: '${name}', … })`,
      ],
    };
  }
  return { name, entry, flowJsonFile, json: flowJson.json };
}

function loadOne(
  { name, entry, flowJsonFile, json }: Checked,
  compiled: CompiledFlow,
  deps: FlowDeps,
): ProjectFlow | { problems: string[] } {
  if (!compiled.ok) return compiled;
  let exported: Record<string, unknown>;
  let value: unknown;
  try {
    exported = exportsOf(compiled.code, compiled.file, dirname(entry));
    value = definitionOf(exported.default, deps);
  } catch (err) {
    return { problems: [`${shown(entry)}: error: failed to load: ${(err as Error).message}`] };
  }
  if (typeof value !== 'object' || value === null || !('name' in value)) {
    return {
      problems: [
        `${shown(entry)}: error: its default export must be defineFlow({ name: '${name}', … })`,
      ],
    };
  }
  const definition = value as FlowDefinition;
  if (definition.name !== name) {
    return {
      problems: [
        `${shown(entry)}: error: the flow is named "${definition.name}" but its folder "${name}": they name its URL, /flows/${name}`,
      ],
    };
  }
  // The flow.json beside index.ts is the flow's contract unless the definition brings its own.
  const complete = { ...definition, flowJson: definition.flowJson ?? json };
  try {
    loadFlow(complete, undefined, flowJsonFile);
  } catch (err) {
    if (err instanceof FlowJsonError) return { problems: [...err.problems] };
    throw err;
  }
  const commands = Array.isArray(exported.commands) ? (exported.commands as FlowCommand[]) : [];
  return { name, definition: complete, flowJsonFile, commands };
}

/**
 * Finds the flows of a project by convention (`<dir>/<name>/flow.json` and `index.ts`, whose
 * default export is the `defineFlow(...)` result or a function of `deps` returning it), compiles
 * them into `cacheDir` and checks each against its flow.json. A broken flow is left out and its
 * problems returned: the server refuses to start with any.
 */
export function loadProjectFlows(dir: string, deps: FlowDeps, cacheDir: string): ProjectFlows {
  const flows: ProjectFlow[] = [];
  const problems: string[] = [];
  const checked: Checked[] = [];
  for (const name of flowFolders(dir)) {
    const folder = checkFolder(dir, name);
    if ('problems' in folder) problems.push(...folder.problems);
    else checked.push(folder);
  }
  const compiled = compileFlows(checked, cacheDir);
  for (const folder of checked) {
    const loaded = loadOne(folder, compiled.get(folder.name) ?? { ok: false, problems: [] }, deps);
    if ('problems' in loaded) problems.push(...loaded.problems);
    else flows.push(loaded);
  }
  return { flows, problems };
}
