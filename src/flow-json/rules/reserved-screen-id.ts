import type { FlowRule } from './flow-rule';

/** An answer naming SUCCESS closes the flow, so no screen can be called that. */
export const reservedScreenId: FlowRule = ({ ids }) =>
  ids
    .filter(({ id }) => id === 'SUCCESS')
    .map(({ index }) => ({
      path: `screens[${index}].id`,
      message: '"SUCCESS" is reserved (it completes the flow) and cannot be a screen id',
    }));
