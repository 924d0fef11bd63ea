import { COMPONENT_SPECS } from '../components/component-specs';
import { needsVersion } from '../components/version-text';
import type { FlowComponent } from '../flow-json-schema';
import type { RuleProblem } from '../flow-json-problem';
import { renderPath, type JsonPath } from '../../util/json-path';
import type { FlowRule } from './flow-rule';

const MAX_IF_DEPTH = 3;
const isInput = (c: FlowComponent) => COMPONENT_SPECS[c.type]?.input === true;

/**
 * Where a component may sit: inputs inside a Form before 4.0, and from 4.0 none outside a Form
 * when the screen has one; no Form in a Form; what an If branch or a Switch case may hold; If
 * nesting at most 3 deep; a Footer in an If only at the first level and in both branches, in a
 * Switch in every case.
 */
export const componentPlacement: FlowRule = ({ screens, version }) =>
  screens.flatMap(({ screen, index }) => {
    const problems: RuleProblem[] = [];
    const top = screen.layout.children;
    const hasForm = top.some((c) => c.type === 'Form');
    const visit = (list: FlowComponent[], at: JsonPath, place: Place) => {
      list.forEach((component, i) => {
        const path = [...at, i];
        problems.push(...placementProblems(component, path, place, { version, hasForm }));
        const inner: Place = { ...place };
        if (component.type === 'Form') inner.form = true;
        if (component.children) visit(component.children, [...path, 'children'], inner);
        if (component.type === 'If') {
          const deeper = { ...inner, branch: 'If' as const, ifDepth: place.ifDepth + 1 };
          if (component.then) visit(component.then, [...path, 'then'], deeper);
          if (component.else) visit(component.else, [...path, 'else'], deeper);
          problems.push(...ifFooters(component, path, place));
        }
        if (component.type === 'Switch') {
          for (const [value, children] of Object.entries(component.cases ?? {})) {
            visit(children, [...path, 'cases', value], { ...inner, branch: 'Switch' });
          }
          problems.push(...switchFooters(component, path));
        }
      });
    };
    visit(top, ['screens', index, 'layout', 'children'], {
      form: false,
      branch: undefined,
      ifDepth: 0,
    });
    return problems;
  });

interface Place {
  form: boolean;
  branch: 'If' | 'Switch' | undefined;
  ifDepth: number;
}

function placementProblems(
  component: FlowComponent,
  path: JsonPath,
  place: Place,
  { version, hasForm }: { version: number; hasForm: boolean },
): RuleProblem[] {
  const at = renderPath(path);
  const problems: RuleProblem[] = [];
  const spec = COMPONENT_SPECS[component.type];
  if (!spec) return [];
  if (isInput(component) && !place.form) {
    if (version < 4.0) {
      problems.push({
        path: at,
        message: `${component.type} must be inside a Form before Flow JSON 4.0`,
      });
    } else if (hasForm) {
      problems.push({
        path: at,
        message: `${component.type} is outside the screen's Form: with a Form, every input belongs in it`,
      });
    }
  }
  if (component.type === 'Form' && place.form) {
    problems.push({ path: at, message: 'a Form cannot be inside another Form' });
  }
  if (place.branch !== undefined) {
    const nestedBranch =
      place.branch === 'Switch' && (component.type === 'If' || component.type === 'Switch');
    if (spec.inBranches === undefined || nestedBranch) {
      problems.push({
        path: at,
        message: `${component.type} cannot be inside ${place.branch === 'If' ? 'an If branch' : 'a Switch case'}`,
      });
    } else if (spec.inBranches > version) {
      problems.push({
        path: at,
        message: needsVersion(`${component.type} inside If/Switch`, spec.inBranches, version),
      });
    }
  }
  if (component.type === 'If' && place.ifDepth + 1 > MAX_IF_DEPTH) {
    problems.push({
      path: at,
      message: `If nested ${place.ifDepth + 1} deep; at most ${MAX_IF_DEPTH}`,
    });
  }
  return problems;
}

const hasFooter = (list: FlowComponent[] | undefined) =>
  (list ?? []).some((c) => c.type === 'Footer');

function ifFooters(component: FlowComponent, path: JsonPath, place: Place): RuleProblem[] {
  const inThen = hasFooter(component.then);
  const inElse = hasFooter(component.else);
  if (!inThen && !inElse) return [];
  if (place.ifDepth > 0 || place.branch === 'Switch') {
    return [
      {
        path: renderPath(path),
        message: 'a Footer may sit in an If only at the first level of nesting',
      },
    ];
  }
  if (inThen !== inElse) {
    return [
      {
        path: renderPath(path),
        message: `a Footer in one branch of an If needs one in the other (${inThen ? 'else' : 'then'} has none)`,
      },
    ];
  }
  return [];
}

function switchFooters(component: FlowComponent, path: JsonPath): RuleProblem[] {
  const cases = Object.entries(component.cases ?? {});
  const without = cases.filter(([, children]) => !hasFooter(children)).map(([value]) => value);
  return without.length > 0 && without.length < cases.length
    ? [
        {
          path: renderPath([...path, 'cases']),
          message: `a Footer in one Switch case needs one in every case (missing in: ${without.join(', ')})`,
        },
      ]
    : [];
}
