import type { RuleProblem } from '../flow-json-problem';
import { alwaysHasFooter, countAtOnce } from '../rendered-at-once';
import { screenActions } from '../screen-actions';
import type { FlowRule } from './flow-rule';

/**
 * A terminal screen shows a Footer whatever branch renders, and no NavigationList; `complete`
 * ends the flow, so only a
 * terminal screen may run it; `success` describes how a terminal screen ends the flow.
 */
export const terminalScreens: FlowRule = ({ screens }) =>
  screens.flatMap(({ screen, index }) => {
    const problems: RuleProblem[] = [];
    const terminal = screen.terminal === true;
    if (terminal && !alwaysHasFooter(screen.layout.children)) {
      problems.push({
        path: `screens[${index}].layout.children`,
        message:
          'a terminal screen needs a Footer (in every If branch and Switch case it has one in)',
      });
    }
    if (terminal && countAtOnce(screen.layout.children, (c) => c.type === 'NavigationList') > 0) {
      problems.push({
        path: `screens[${index}].layout.children`,
        message: 'a NavigationList cannot be on a terminal screen',
      });
    }
    if (!terminal && screen.success !== undefined) {
      problems.push({
        path: `screens[${index}].success`,
        message: 'success is only for terminal screens',
      });
    }
    if (!terminal) {
      for (const action of screenActions(screen, index)) {
        if (action.name === 'complete') {
          problems.push({
            path: action.path,
            message: 'complete ends the flow: only a terminal screen may run it',
          });
        }
      }
    }
    return problems;
  });
