import type { FlowScreen } from '../flow-json-schema';
import { warning, type RuleProblem } from '../flow-json-problem';
import { countAtOnce } from '../rendered-at-once';
import { renderPath } from '../../util/json-path';
import { screenActions } from '../screen-actions';
import type { FlowRule } from './flow-rule';

const MAX_ROUTES = 10;

/**
 * Meta's routing rules: at most 10 routes from a screen, no route to itself, no pair of screens
 * routing to each other, no loop; every navigate action's edge is a route. A screen from which
 * no terminal screen can be reached is only a warning: Meta's own examples have such screens
 * (a terms page the user leaves with the back button), so it covers only screens with a Footer.
 */
export const routingModelShape: FlowRule = ({ top, screens, ids, complete }) => {
  const known = new Set(ids.map(({ id }) => id));
  const routes = top.routing_model;
  if (!routes) return [];
  const problems: RuleProblem[] = [];
  for (const [from, targets] of Object.entries(routes)) {
    if (targets.length > MAX_ROUTES) {
      problems.push({
        path: renderPath(['routing_model', from]),
        message: `${targets.length} routes from "${from}"; at most ${MAX_ROUTES}`,
      });
    }
    targets.forEach((to, i) => {
      const at = renderPath(['routing_model', from, i]);
      if (to === from) problems.push({ path: at, message: `"${from}" routes to itself` });
      else if (routes[to]?.includes(from) && from < to) {
        problems.push({
          path: at,
          message: `"${from}" and "${to}" route to each other (the back button already goes back)`,
        });
      }
    });
  }
  const loop = findLoop(routes);
  // Meta's publisher refuses any loop (INVALID_ROUTING_MODEL); a way back is the back button.
  if (loop)
    problems.push({
      path: renderPath(['routing_model', loop[0] ?? '']),
      message: `routing_model has a loop: ${loop.join(' → ')} (the back button already goes back)`,
    });

  if (Object.keys(routes).length > 0) {
    for (const { screen, index } of screens) {
      for (const action of screenActions(screen, index)) {
        const to = action.next?.name;
        if (
          action.name !== 'navigate' ||
          to === undefined ||
          action.next?.type !== 'screen' ||
          !known.has(to) ||
          to === screen.id
        )
          continue;
        if (!routes[screen.id]?.includes(to)) {
          problems.push({
            path: action.path,
            message: `navigate to "${to}" is not a route of routing_model ("${screen.id}" → "${to}")`,
          });
        }
      }
    }
  }
  if (complete) {
    // A data_exchange may be answered with SUCCESS: such a screen can end the flow itself.
    const exchanging = new Set(
      screens
        .filter(({ screen, index }) =>
          screenActions(screen, index).some(({ name }) => name === 'data_exchange'),
        )
        .map(({ screen }) => screen.id),
    );
    problems.push(
      ...deadEnds(
        routes,
        screens.map(({ screen }) => screen),
        exchanging,
      ),
    );
  }
  return problems;
};

/** Pairs (A→B, B→A) are reported on their own; a loop here is one of three or more screens. */
function findLoop(routes: Record<string, string[]>): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const visit = (node: string): string[] | undefined => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of routes[node] ?? []) {
      if (next === node) continue;
      if (state.get(next) === 'open') {
        const cycle = stack.slice(stack.indexOf(next));
        if (cycle.length > 2) return [...cycle, next];
        continue;
      }
      if (state.get(next) === undefined) {
        const found = visit(next);
        if (found) return found;
      }
    }
    stack.pop();
    state.set(node, 'done');
    return undefined;
  };
  for (const node of Object.keys(routes)) {
    if (state.get(node) === undefined) {
      const found = visit(node);
      if (found) return found;
    }
  }
  return undefined;
}

function deadEnds(
  routes: Record<string, string[]>,
  screens: FlowScreen[],
  exchanging: ReadonlySet<string>,
): RuleProblem[] {
  if (Object.keys(routes).length === 0) return [];
  const terminal = new Set(
    screens.filter((s) => s.terminal === true || exchanging.has(s.id)).map((s) => s.id),
  );
  const reaches = new Map<string, boolean>();
  const canEnd = (id: string, seen: Set<string>): boolean => {
    const known = reaches.get(id);
    if (known !== undefined) return known;
    if (terminal.has(id)) return true;
    if (seen.has(id)) return false;
    seen.add(id);
    const result = (routes[id] ?? []).some((next) => canEnd(next, seen));
    reaches.set(id, result);
    return result;
  };
  // A page without a Footer (terms, help) is left with the back button: only a screen whose
  // Footer leads nowhere terminal is a likely mistake.
  return screens
    .filter((screen) => countAtOnce(screen.layout.children, (c) => c.type === 'Footer') > 0)
    .filter(({ id }) => !canEnd(id, new Set()))
    .map(({ id }) => warning('routing_model', `no terminal screen can be reached from "${id}"`));
}
