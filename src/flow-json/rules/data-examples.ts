import { renderPath } from '../json-path';
import { checkExample } from './check-example';
import type { FlowRule } from './flow-rule';

/** Every declared field needs an `__example__` (Meta refuses to publish without), of its type. */
export const dataExamples: FlowRule = ({ screens }) =>
  screens.flatMap(({ screen, index }) =>
    Object.entries(screen.data ?? {}).flatMap(([field, declared]) => {
      const path = ['screens', index, 'data', field];
      return declared.__example__ === undefined
        ? [{ path: renderPath(path), message: 'missing __example__' }]
        : checkExample(declared, declared.__example__, [...path, '__example__']);
    }),
  );
