import { needsVersion } from '../components/version-text';
import { componentStrings } from '../find-bindings';
import type { RuleProblem } from '../flow-json-problem';
import { renderPath, type JsonPath } from '../../util/json-path';
import { screenInputs } from '../screen-inputs';
import { walkComponents } from '../walk-components';
import type { FlowRule } from './flow-rule';
import { didYouMean } from '../../util/did-you-mean';

const GLOBAL = /\$\{screen\.([^.}]+)\.(form|data)\.([\w-]+)[^}]*\}/g;

/**
 * `${screen.X.form.y}` / `${screen.X.data.y}` (4.0+): X is another screen of the flow, and y an
 * input of X or a field X declares.
 */
export const globalReferences: FlowRule = ({ screens, version }) => {
  const fields = new Map(
    screens.map(({ screen, index }) => [
      screen.id,
      {
        form: new Set(
          [...screenInputs(walkComponents(screen, index)).values()].flat().map((i) => i.name),
        ),
        data: new Set(Object.keys(screen.data ?? {})),
      },
    ]),
  );
  return screens.flatMap(({ screen, index }) => {
    const strings = walkComponents(screen, index).flatMap(componentStrings);
    if (typeof screen.title === 'string')
      strings.push({ value: screen.title, path: ['screens', index, 'title'] });
    return strings.flatMap(({ value, path }) => check(value, path, screen.id));
  });

  function check(value: string, path: JsonPath, current: string): RuleProblem[] {
    const problems: RuleProblem[] = [];
    for (const [text, id = '', source, name = ''] of value.matchAll(GLOBAL)) {
      const at = renderPath(path);
      if (version < 4.0) {
        problems.push({ path: at, message: needsVersion(text, 4.0, version) });
      } else if (id === current) {
        problems.push({
          path: at,
          message: `${text} names the current screen: use \${${source}.${name}}`,
        });
      } else if (!fields.has(id)) {
        problems.push({
          path: at,
          message: `${text} names unknown screen "${id}"${didYouMean(id, fields.keys())}`,
        });
      } else if (!fields.get(id)?.[source as 'form' | 'data'].has(name)) {
        problems.push({
          path: at,
          message: `${text}: screen "${id}" has no ${source === 'form' ? 'input' : 'data field'} "${name}"`,
        });
      }
    }
    return problems;
  }
};
