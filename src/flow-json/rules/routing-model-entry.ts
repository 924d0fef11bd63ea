import { warning } from '../flow-json-problem';
import { renderPath } from '../../util/json-path';
import type { FlowRule } from './flow-rule';

/**
 * Meta's entry screen is the one screen no route leads to: a second such screen makes the entry
 * ambiguous. None at all means the routes loop, which routingModelShape reports. The entry is
 * expected first in `screens`; Meta's own forward-references example lists it second, so
 * otherwise it is only a warning.
 */
export const routingModelEntry: FlowRule = ({ top, ids }) => {
  const routes = top.routing_model;
  if (!routes || Object.keys(routes).length === 0) return [];
  const known = new Set(ids.map(({ id }) => id));
  const named = [...Object.keys(routes), ...Object.values(routes).flat()];
  // An unknown name is reported by routingModelReferences; its screen's routes are unclear.
  if (named.some((id) => !known.has(id))) return [];
  // A self-route is reported on its own and leads nowhere new.
  const targets = new Set(
    Object.entries(routes).flatMap(([from, to]) => to.filter((id) => id !== from)),
  );
  // Screens missing from the model are routingModelCoverage's; the first of duplicate ids counts.
  const entries = ids.filter(
    ({ id }, i) =>
      Object.hasOwn(routes, id) &&
      !targets.has(id) &&
      ids.findIndex((other) => other.id === id) === i,
  );
  const [entry, ...others] = entries;
  if (!entry) return [];
  if (others.length > 0) {
    const names = entries.map(({ id }) => `"${id}"`).join(', ');
    return others.map(({ id, index }) => ({
      path: renderPath(['screens', index, 'id']),
      message: `screen "${id}" has no route leading to it: only one entry screen may (${names} have none)`,
    }));
  }
  const first = ids[0];
  return first && first.id !== entry.id
    ? [
        warning(
          renderPath(['screens', entry.index, 'id']),
          `entry screen "${entry.id}" (no route leads to it) is not the first screen "${first.id}"`,
        ),
      ]
    : [];
};
