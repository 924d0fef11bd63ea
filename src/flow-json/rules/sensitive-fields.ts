import { needsVersion } from '../components/version-text';
import type { RuleProblem } from '../flow-json-problem';
import { renderPath } from '../../util/json-path';
import { screenInputs } from '../screen-inputs';
import { walkComponents } from '../walk-components';
import type { FlowRule } from './flow-rule';
import { didYouMean } from '../../util/did-you-mean';

/** A screen's `sensitive` list (5.1+) names fields of that screen, each masked in the summary. */
export const sensitiveFields: FlowRule = ({ screens, version }) =>
  screens.flatMap(({ screen, index }) => {
    const sensitive = screen.sensitive;
    if (sensitive === undefined) return [];
    const at = ['screens', index, 'sensitive'];
    if (version < 5.1)
      return [{ path: renderPath(at), message: needsVersion('sensitive', 5.1, version) }];
    if (!Array.isArray(sensitive))
      return [{ path: renderPath(at), message: 'should be a list of field names' }];
    const names = new Set(
      [...screenInputs(walkComponents(screen, index)).values()].flat().map(({ name }) => name),
    );
    return sensitive.flatMap((name, i): RuleProblem[] =>
      typeof name === 'string' && names.has(name)
        ? []
        : [
            {
              path: renderPath([...at, i]),
              message: `"${String(name)}" is not a field of this screen${typeof name === 'string' ? didYouMean(name, names) : ''}`,
            },
          ],
    );
  });
