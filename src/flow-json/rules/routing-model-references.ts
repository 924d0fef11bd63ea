import { renderPath } from '../../util/json-path';
import type { FlowRule } from './flow-rule';
import { didYouMean } from '../../util/did-you-mean';

/** routing_model may only name screens the flow has, as sources and as targets. */
export const routingModelReferences: FlowRule = ({ top, ids }) => {
  const known = new Set(ids.map(({ id }) => id));
  return Object.entries(top.routing_model ?? {}).flatMap(([from, targets]) => [
    ...(known.has(from)
      ? []
      : [
          {
            path: renderPath(['routing_model', from]),
            message: `routing_model names unknown screen "${from}"${didYouMean(from, known)}`,
          },
        ]),
    ...targets.flatMap((target, i) =>
      known.has(target)
        ? []
        : [
            {
              path: renderPath(['routing_model', from, i]),
              message: `routing_model routes to unknown screen "${target}"${didYouMean(target, known)}`,
            },
          ],
    ),
  ]);
};
