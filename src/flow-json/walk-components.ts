import type { FlowComponent, FlowScreen } from './flow-json-schema';
import { renderPath, type JsonPath } from '../util/json-path';

export interface WalkedComponent {
  component: FlowComponent;
  path: JsonPath;
  /**
   * The rendered path of the enclosing Form (a Form is in its own scope), or undefined outside
   * any Form: since Flow JSON 4.0 inputs may sit directly in the layout, the screen is the scope.
   */
  form: string | undefined;
}

/** Keys whose values are lists of components: containers, If's branches. */
const CHILD_LISTS = ['children', 'then', 'else'] as const;

/** Every component of a screen's layout, depth first in document order, with its Form scope. */
export function walkComponents(screen: FlowScreen, screenIndex: number): WalkedComponent[] {
  const walked: WalkedComponent[] = [];
  const visit = (list: FlowComponent[], at: JsonPath, form: string | undefined) => {
    list.forEach((component, i) => {
      const path = [...at, i];
      const scope = component.type === 'Form' ? renderPath(path) : form;
      walked.push({ component, path, form: scope });
      for (const key of CHILD_LISTS) {
        const children = component[key];
        if (children) visit(children, [...path, key], scope);
      }
      // Switch: one list of components per case.
      for (const [value, children] of Object.entries(component.cases ?? {})) {
        visit(children, [...path, 'cases', value], scope);
      }
    });
  };
  visit(screen.layout.children, ['screens', screenIndex, 'layout', 'children'], undefined);
  return walked;
}

/** The keys of a component that hold components rather than the component's own attributes. */
export const isChildListKey = (key: string): boolean =>
  key === 'cases' || (CHILD_LISTS as readonly string[]).includes(key);
