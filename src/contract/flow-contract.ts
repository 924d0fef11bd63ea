import type { DataDeclaration } from '../flow-json/flow-json-schema';
import type { ValueCheck } from '../flow-json/declared-value';

/** One screen's part of the contract: its declared data, each field's compiled check. */
export interface ScreenContract {
  data: Readonly<Record<string, DataDeclaration>>;
  /** Field → its declaration's check, compiled once (answers are checked on every request). */
  checks: ReadonlyMap<string, ValueCheck>;
  refreshOnBack: boolean;
}

/** What a flow's answers must respect, compiled from its flow.json once, at start-up. */
export interface FlowContract {
  /** Where it came from, for messages. */
  file: string;
  screens: ReadonlyMap<string, ScreenContract>;
  /** Screen → the screens a data_exchange answer may go to; undefined without a routing_model. */
  routes: ReadonlyMap<string, ReadonlySet<string>> | undefined;
}
