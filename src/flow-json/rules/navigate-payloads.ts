import type { RuleProblem } from '../flow-json-problem';
import { parsePath, renderPath } from '../../util/json-path';
import { screenActions } from '../screen-actions';
import type { FlowRule } from './flow-rule';

/**
 * Without an endpoint, a navigate payload is the next screen's whole data: its keys are exactly
 * the keys that screen declares (with an endpoint, the endpoint may supply the rest).
 */
export const navigatePayloads: FlowRule = ({ top, screens }) => {
  if (top.data_api_version !== undefined) return [];
  const declared = new Map(
    screens.map(({ screen }) => [screen.id, Object.keys(screen.data ?? {})]),
  );
  return screens.flatMap(({ screen, index }) =>
    screenActions(screen, index).flatMap(
      ({ name, next, payload, path, trigger }): RuleProblem[] => {
        if (name !== 'navigate' || next?.type !== 'screen') return [];
        const expected = declared.get(next.name);
        if (!expected) return [];
        const given = Object.keys(payload ?? {});
        const at = renderPath([...parsePath(path), trigger, 'payload']);
        const missing = expected.filter((key) => !given.includes(key));
        const extra = given.filter((key) => !expected.includes(key));
        return [
          ...(missing.length > 0
            ? [
                {
                  path: at,
                  message: `navigate to "${next.name}" leaves out data it declares: ${missing.join(', ')}`,
                },
              ]
            : []),
          ...(extra.length > 0
            ? [
                {
                  path: at,
                  message: `navigate to "${next.name}" sends data it does not declare: ${extra.join(', ')}`,
                },
              ]
            : []),
        ];
      },
    ),
  );
};
