import type { RuleProblem } from '../flow-json-problem';
import type { FlowModel } from '../flow-model';

/** One semantic check of a structurally sound Flow JSON document. */
export type FlowRule = (flow: FlowModel) => RuleProblem[];
