import { FLOW_ACTIONS } from '../flow-actions';
import { isRecord } from '../../util/is-record';
import { screenActions, type ScreenAction } from '../screen-actions';
import type { FlowRule } from './flow-rule';

const KNOWN_ACTIONS: readonly string[] = FLOW_ACTIONS;
/** The actions whose payload becomes a screen's data or the endpoint's request: key → value. */
const OBJECT_PAYLOADS = new Set(['navigate', 'data_exchange', 'complete']);

/** Actions the device can run: a known name, an object payload, navigate with somewhere to go. */
export const actionShapes: FlowRule = ({ screens }) =>
  screens.flatMap(({ screen, index }) =>
    screenActions(screen, index).flatMap((action) =>
      actionProblems(action).map((message) => ({ path: action.path, message })),
    ),
  );

function actionProblems({ name, action }: ScreenAction): string[] {
  if (!KNOWN_ACTIONS.includes(name)) {
    return [`unknown action "${name}" (expected one of ${KNOWN_ACTIONS.join(', ')})`];
  }
  const problems: string[] = [];
  if (OBJECT_PAYLOADS.has(name) && action.payload !== undefined && !isRecord(action.payload)) {
    problems.push(`${name} payload must be an object, not ${describe(action.payload)}`);
  }
  if (name === 'navigate') {
    if (action.next === undefined) problems.push('navigate without next');
    else {
      if (action.next.type === undefined) problems.push('navigate next without type');
      if (action.next.name === undefined) problems.push('navigate next without name');
    }
  }
  if (name === 'update_data' && !isRecord(action.payload)) {
    problems.push('update_data needs a payload object: the data keys it sets');
  }
  if (name === 'open_url') {
    if (typeof action.url !== 'string') problems.push('open_url needs a url');
    if (action.payload !== undefined) problems.push('open_url takes no payload');
  }
  return problems;
}

const describe = (value: unknown) =>
  value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
