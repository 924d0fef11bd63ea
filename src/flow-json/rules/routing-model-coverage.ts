import type { FlowRule } from './flow-rule';

/**
 * With routing_model routes, every screen takes part: as a source or as a target. A terminal
 * screen that is only a target needs no key of its own, and `{}` (a single screen, or a flow
 * whose routes Meta derives) names none.
 */
export const routingModelCoverage: FlowRule = ({ top, ids }) => {
  const routes = top.routing_model;
  if (!routes || Object.keys(routes).length === 0) return [];
  const named = new Set([...Object.keys(routes), ...Object.values(routes).flat()]);
  const reported = new Set<string>();
  return ids.flatMap(({ id }) => {
    if (named.has(id) || reported.has(id)) return [];
    reported.add(id);
    return [{ path: 'routing_model', message: `screen "${id}" is missing from routing_model` }];
  });
};
