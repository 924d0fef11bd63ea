import type { Logger } from 'pino';
import type { FlowDefinition } from '../flow-definition/define-flow';
import type { Store } from '../store/store';

/** What the server hands a flow that needs it: the flow's records go in the store. */
export interface FlowDeps {
  /** The configured store: sessions, token state and each flow's own records. */
  store: Store;
  /** Where flows keep the files users pick (MEDIA_DIR). */
  mediaDir: string;
  logger: Logger;
}

/**
 * The default export of `flows/<name>/index.ts`: the `defineFlow(...)` result, or a function of
 * the server's dependencies that returns it (a flow that keeps records needs the store).
 */
export type FlowExport = FlowDefinition | ((deps: FlowDeps) => FlowDefinition);

/** An option of a flow's command: `--format <format>`, say. */
export interface FlowCommandOption {
  /** As commander writes it: `--format <format>`. */
  flags: string;
  description: string;
  /** The values accepted; anything else is the user's mistake (one line, exit 2). */
  choices?: readonly string[];
  default?: string;
}

export interface FlowCommandContext {
  /** The options as given (or their defaults), by their long name in camelCase. */
  options: Readonly<Record<string, string | undefined>>;
  /**
   * The store STORE_URL names (it must exist already), as the flow's handlers see it: with
   * `--tenant <id>`, that tenant's part of it only.
   */
  store: Store;
  /** The tenant given with `--tenant` (partner mode); undefined for the environment's business. */
  tenant: string | undefined;
  /** Warnings go to stderr: stdout is the command's output. */
  log: Logger;
}

/**
 * A command a flow adds to `flows-endpoint` (an export of its records, say): the named export
 * `commands` of the flow's index.ts. What `run` returns is printed on stdout.
 */
export interface FlowCommand {
  name: string;
  description: string;
  options?: readonly FlowCommandOption[];
  /** Shown under --help. */
  example?: string;
  run(ctx: FlowCommandContext): string | Promise<string>;
}
