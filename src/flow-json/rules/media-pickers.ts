import type { FlowComponent } from '../flow-json-schema';
import type { RuleProblem } from '../flow-json-problem';
import { isRecord } from '../../util/is-record';
import { parsePath, renderPath } from '../../util/json-path';
import { screenActions } from '../screen-actions';
import { walkComponents } from '../walk-components';
import type { FlowRule } from './flow-rule';

const PICKERS: Record<string, string> = {
  PhotoPicker: 'max-uploaded-photos',
  DocumentPicker: 'max-uploaded-documents',
};
const DEFAULT_MAX_UPLOADS = 30;
const FORM_REF = /^\$\{form\.([\w-]+)\}$/;

/**
 * Meta's media-picker rules: a picker's value never goes into a navigate payload (use a global
 * reference); in data_exchange and complete payloads only as a top-level value; in a complete
 * payload only when at most one file can be picked; never in a Form's init-values.
 */
export const mediaPickers: FlowRule = ({ screens }) =>
  screens.flatMap(({ screen, index }) => {
    const pickers = new Map<string, FlowComponent>();
    const components = walkComponents(screen, index);
    for (const { component } of components) {
      if (PICKERS[component.type] && component.name !== undefined) {
        pickers.set(component.name, component);
      }
    }
    if (pickers.size === 0) return [];
    const problems: RuleProblem[] = [];
    for (const { name, payload, path, trigger } of screenActions(screen, index)) {
      if (!payload) continue;
      const base = [...parsePath(path), trigger, 'payload'];
      const visit = (value: unknown, at: (string | number)[], depth: number) => {
        if (isRecord(value)) {
          for (const [key, inner] of Object.entries(value)) visit(inner, [...at, key], depth + 1);
          return;
        }
        const picked = typeof value === 'string' ? FORM_REF.exec(value)?.[1] : undefined;
        const picker = picked !== undefined ? pickers.get(picked) : undefined;
        if (!picker) return;
        const where = renderPath(at);
        if (name === 'navigate') {
          problems.push({
            path: where,
            message: `a ${picker.type}'s value cannot go into a navigate payload: read it with \${screen.${screen.id}.form.${picked}} where it is needed`,
          });
        } else if (depth > 1) {
          problems.push({
            path: where,
            message: `a ${picker.type}'s value may only be a top-level payload value`,
          });
        } else if (name === 'complete') {
          const max = picker[PICKERS[picker.type] ?? ''];
          if ((typeof max === 'number' ? max : DEFAULT_MAX_UPLOADS) > 1) {
            problems.push({
              path: where,
              message: `a ${picker.type}'s value goes into a complete payload only when at most one file can be picked (set ${PICKERS[picker.type]} to 1)`,
            });
          }
        }
      };
      visit(payload, base, 0);
    }
    for (const { component, path } of components) {
      const init = component['init-values'];
      if (component.type !== 'Form' || !isRecord(init)) continue;
      for (const key of Object.keys(init)) {
        if (pickers.has(key)) {
          problems.push({
            path: renderPath([...path, 'init-values', key]),
            message: 'a media picker cannot be given an initial value',
          });
        }
      }
    }
    return problems;
  });
