import { readFileSync, renameSync, watch, writeFileSync, type FSWatcher } from 'node:fs';
import path from 'node:path';
import type { Logger } from 'pino';
import { formatProblem } from '../flow-json/flow-json-problem';
import { checkFlowText, type CheckedFlowText } from './check-flow-text';
import type { FlowDefinition } from '../flow-definition/define-flow';
import { FlowJsonError, loadFlow, type LoadedFlow } from './load-flow';

/** A change to a flow.json on disk is read once the writer has had this long to finish. */
const SETTLE_MS = 100;

/**
 * The one loaded copy of each flow that everything serving it reads: the flow route per request
 * (a map lookup), the playground when it shows and drives the flow. A reload replaces a flow's
 * copy for all of them at once.
 */
export interface LoadedFlows {
  readonly byName: ReadonlyMap<string, LoadedFlow>;
  /** Where the flow's flow.json lives on disk, when it is loaded from (and reloaded from) there. */
  fileOf(name: string): string | undefined;
  /** Judges a text as the flow's flow.json, without changing what is served. */
  check(name: string, text: string): CheckedFlowText;
  /**
   * Writes a text that passes the check to the flow's own file and serves it from then on; one
   * that does not is neither written nor served.
   */
  save(name: string, text: string): CheckedFlowText;
  /** Stops watching the files. */
  close(): void;
}

export interface LoadedFlowsOptions {
  /** Each flow's flow.json on disk (development): loaded from there, and reloaded when it changes. */
  fileOf?: (name: string) => string | undefined;
  logger: Logger;
}

/**
 * Loads every flow once; a flow.json that is invalid at start refuses the server (FlowJsonError),
 * as a broken flow always has. While running, a file that changes to something invalid is
 * reported and the last good copy stays served.
 */
export function createLoadedFlows(
  definitions: readonly FlowDefinition[],
  { fileOf = () => undefined, logger }: LoadedFlowsOptions,
): LoadedFlows {
  const byName = new Map<string, LoadedFlow>();
  const definitionOf = new Map<string, FlowDefinition>();
  for (const definition of definitions) {
    if (byName.has(definition.name)) {
      throw new Error(`flow "${definition.name}" is registered twice`);
    }
    const loaded = loadFromFile(definition, fileOf(definition.name)) ?? loadFlow(definition);
    for (const warning of loaded.warnings) logger.warn({ flow: definition.name }, warning);
    byName.set(definition.name, loaded);
    definitionOf.set(definition.name, definition);
  }

  const check = (name: string, text: string): CheckedFlowText => {
    const definition = definitionOf.get(name);
    if (!definition) throw new Error(`no flow "${name}" is served`);
    return checkFlowText(definition, text);
  };

  /** Re-reads a flow's file after it changed on disk; a text already served is left alone. */
  const reread = (name: string, file: string) => {
    let text: string;
    try {
      text = readFileSync(file, 'utf8');
    } catch (err) {
      logger.warn({ flow: name, err }, 'flow.json could not be read: the last good copy is served');
      return;
    }
    if (text === byName.get(name)?.text) return;
    const checked = check(name, text);
    if (checked.ok) {
      byName.set(name, checked.loaded);
      logger.info({ flow: name, revision: checked.loaded.revision }, 'flow.json reloaded');
    } else {
      logger.warn(
        {
          flow: name,
          problems: checked.problems.map((problem) => formatProblem(file, problem)),
        },
        'flow.json is invalid: the last good copy is served until it is fixed',
      );
    }
  };

  const watchers: FSWatcher[] = [];
  for (const name of byName.keys()) {
    const file = fileOf(name);
    if (file === undefined) continue;
    let timer: NodeJS.Timeout | undefined;
    // The folder, not the file: editors save by replacing the file, which ends a file's watch.
    const watcher = watch(path.dirname(file), { persistent: false }, (_event, changed) => {
      if (changed !== null && changed !== path.basename(file)) return;
      clearTimeout(timer);
      timer = setTimeout(() => reread(name, file), SETTLE_MS);
    });
    watcher.on('error', (err) => logger.warn({ flow: name, err }, 'flow.json is not watched'));
    watchers.push(watcher);
  }

  return {
    byName,
    fileOf: (name) => (definitionOf.has(name) ? fileOf(name) : undefined),
    check,
    save(name, text) {
      const file = fileOf(name);
      if (file === undefined) throw new Error(`flow "${name}" has no flow.json file to save to`);
      const checked = check(name, text);
      if (!checked.ok) return checked;
      // Written whole or not at all: a reader never sees half a file.
      const temporary = `${file}.${process.pid}.saving`;
      writeFileSync(temporary, text);
      renameSync(temporary, file);
      byName.set(name, checked.loaded);
      return checked;
    },
    close() {
      for (const watcher of watchers) watcher.close();
    },
  };
}

/** The flow as its file holds it now; undefined when there is no file to read. */
function loadFromFile(definition: FlowDefinition, file: string | undefined) {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  const checked = checkFlowText(definition, text);
  if (checked.ok) return checked.loaded;
  throw new FlowJsonError(
    checked.problems
      .filter(({ severity }) => severity === 'error')
      .map((problem) => formatProblem(file, problem)),
  );
}
