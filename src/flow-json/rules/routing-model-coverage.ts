import type { FlowRule } from './flow-rule';

/** With a routing_model, every screen needs an entry, even an empty one. */
export const routingModelCoverage: FlowRule = ({ top, ids }) => {
  const routes = top.routing_model;
  if (!routes) return [];
  const reported = new Set<string>();
  return ids.flatMap(({ id }) => {
    if (Object.hasOwn(routes, id) || reported.has(id)) return [];
    reported.add(id);
    return [{ path: 'routing_model', message: `screen "${id}" is missing from routing_model` }];
  });
};
