import type { FlowComponent } from './flow-json-schema';

/**
 * How many components matching `test` can render at the same time from `list`: an If renders
 * one of its branches, a Switch one of its cases, so each counts its fullest branch.
 */
export function countAtOnce(
  list: readonly FlowComponent[],
  test: (c: FlowComponent) => boolean,
): number {
  let count = 0;
  for (const component of list) {
    if (test(component)) count++;
    if (component.children) count += countAtOnce(component.children, test);
    const branches = [component.then, component.else, ...Object.values(component.cases ?? {})];
    count += Math.max(0, ...branches.map((branch) => (branch ? countAtOnce(branch, test) : 0)));
  }
  return count;
}

/** Whether a Footer renders whatever branch the device takes. */
export function alwaysHasFooter(list: readonly FlowComponent[]): boolean {
  return list.some((component) => {
    if (component.type === 'Footer') return true;
    if (component.type === 'Form') return alwaysHasFooter(component.children ?? []);
    if (component.type === 'If') {
      return alwaysHasFooter(component.then ?? []) && alwaysHasFooter(component.else ?? []);
    }
    if (component.type === 'Switch') {
      const cases = Object.values(component.cases ?? {});
      return cases.length > 0 && cases.every(alwaysHasFooter);
    }
    return false;
  });
}
