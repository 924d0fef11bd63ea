import { COMPONENT_SPECS } from '../components/component-specs';
import type { RuleProblem } from '../flow-json-problem';
import { renderPath } from '../../util/json-path';
import { walkComponents } from '../walk-components';
import type { FlowRule } from './flow-rule';

const DATA_REF = /^\$\{data\.([\w-]+)\}$/;

/**
 * An option list bound to the screen's data (`"data-source": "${data.x}"`) needs `x` declared as
 * an array of objects whose `id` and `title` are strings.
 */
export const dataSourceDeclarations: FlowRule = ({ screens }) =>
  screens.flatMap(({ screen, index }) =>
    walkComponents(screen, index).flatMap(({ component, path }): RuleProblem[] => {
      const spec = COMPONENT_SPECS[component.type]?.props['data-source'];
      const bound = component['data-source'];
      if (spec?.kind !== 'options' || typeof bound !== 'string') return [];
      const field = DATA_REF.exec(bound)?.[1];
      const declared = field !== undefined ? screen.data?.[field] : undefined;
      if (!declared) return []; // an undeclared name is the data-bindings rule's
      const properties = declared.items?.properties;
      const fits =
        declared.type === 'array' &&
        declared.items?.type === 'object' &&
        properties?.id?.type === 'string' &&
        properties.title?.type === 'string';
      return fits
        ? []
        : [
            {
              path: renderPath(['screens', index, 'data', field ?? '']),
              message: `"${field}" feeds the options of ${renderPath([...path, 'data-source'])}: declare it as an array of objects with string "id" and "title"`,
            },
          ];
    }),
  );
