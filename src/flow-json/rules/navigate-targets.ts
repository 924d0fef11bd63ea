import { screenActions } from '../screen-actions';
import type { FlowRule } from './flow-rule';
import { didYouMean } from '../../util/did-you-mean';

/** A navigate action must go to a screen of the flow (plugin targets are not screens). */
export const navigateTargets: FlowRule = ({ screens, ids }) => {
  const known = new Set(ids.map(({ id }) => id));
  return screens.flatMap(({ screen, index }) =>
    screenActions(screen, index).flatMap(({ name, action, path }) => {
      const next = action.next;
      if (name !== 'navigate' || next?.name === undefined) return [];
      if (next.type !== undefined && next.type !== 'screen') return [];
      return known.has(next.name)
        ? []
        : [
            {
              path,
              message: `navigate to unknown screen "${next.name}"${didYouMean(next.name, known)}`,
            },
          ];
    }),
  );
};
