import { compileDeclaration } from '../declared-value';
import { renderPath } from '../../util/json-path';
import type { FlowRule } from './flow-rule';

/** Every declared field needs an `__example__` (Meta refuses to publish without), of its type. */
export const dataExamples: FlowRule = ({ screens }) =>
  screens.flatMap(({ screen, index }) =>
    Object.entries(screen.data ?? {}).flatMap(([field, declared]) => {
      const path = ['screens', index, 'data', field];
      return declared.__example__ === undefined
        ? [{ path: renderPath(path), message: 'missing __example__' }]
        : compileDeclaration(declared)(declared.__example__, [...path, '__example__']).map(
            ({ at, message }) => ({ path: renderPath(at), message }),
          );
    }),
  );
