import type { DataDeclaration } from '../flow-json/flow-json-schema';

/** What a flow's answers must respect, compiled from its flow.json once, at start-up. */
export interface FlowContract {
  /** Where it came from, for messages. */
  file: string;
  screens: ReadonlyMap<
    string,
    { data: Readonly<Record<string, DataDeclaration>>; refreshOnBack: boolean }
  >;
  /** Screen → the screens a data_exchange answer may go to; undefined without a routing_model. */
  routes: ReadonlyMap<string, ReadonlySet<string>> | undefined;
}
