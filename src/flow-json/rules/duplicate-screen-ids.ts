import type { FlowRule } from './flow-rule';

/** Screen ids are how answers and navigation name screens: they must be unique. */
export const duplicateScreenIds: FlowRule = ({ ids }) => {
  const seen = new Set<string>();
  return ids.flatMap(({ id, index }) => {
    if (!seen.has(id)) {
      seen.add(id);
      return [];
    }
    return [{ path: `screens[${index}].id`, message: `duplicate screen id "${id}"` }];
  });
};
