import { actionShapes } from './action-shapes';
import { componentPlacement } from './component-placement';
import { componentProperties } from './component-properties';
import { documentShape } from './document-shape';
import { endpointSettings } from './endpoint-settings';
import { expressions } from './expressions';
import { globalReferences } from './global-references';
import { routingModelShape } from './routing-model-shape';
import { screenLimits } from './screen-limits';
import { sensitiveFields } from './sensitive-fields';
import { terminalScreens } from './terminal-screens';
import { updateDataKeys } from './update-data-keys';
import { dataSourceDeclarations } from './data-source-declarations';
import { formInitialValues } from './form-initial-values';
import { mediaPickers } from './media-pickers';
import { navigatePayloads } from './navigate-payloads';
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
import { routingModelEntry } from './routing-model-entry';
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
  documentShape,
  componentProperties,
  componentPlacement,
  screenLimits,
  terminalScreens,
  endpointSettings,
  routingModelShape,
  routingModelEntry,
  globalReferences,
  expressions,
  updateDataKeys,
  sensitiveFields,
  mediaPickers,
  navigatePayloads,
  formInitialValues,
  dataSourceDeclarations,
];
