import { actionShapes } from './action-shapes';
import { dataBindings } from './data-bindings';
import { dataExamples } from './data-examples';
import { dataExchangeWithoutApiVersion } from './data-exchange-without-api-version';
import { duplicateInputs } from './duplicate-inputs';
import { duplicateScreenIds } from './duplicate-screen-ids';
import type { FlowRule } from './flow-rule';
import { formBindings } from './form-bindings';
import { navigateTargets } from './navigate-targets';
import { reservedScreenId } from './reserved-screen-id';
import { routingModelCoverage } from './routing-model-coverage';
import { routingModelReferences } from './routing-model-references';
import { routingModelRequired } from './routing-model-required';
import { terminalScreen } from './terminal-screen';
import { unusedDataApiVersion } from './unused-data-api-version';

/** Every semantic check validateFlowJson runs; each reports independently of the others. */
export const flowRules: readonly FlowRule[] = [
  duplicateScreenIds,
  reservedScreenId,
  routingModelReferences,
  navigateTargets,
  terminalScreen,
  dataBindings,
  formBindings,
  duplicateInputs,
  actionShapes,
  dataExamples,
  unusedDataApiVersion,
  dataExchangeWithoutApiVersion,
  routingModelCoverage,
  routingModelRequired,
];
