import { readFileSync } from 'node:fs';
import { z } from 'zod';
import { functionKey } from './profile-summary';

interface SamplingNode {
  callFrame: { functionName: string; url: string; lineNumber: number };
  selfSize: number;
  children: SamplingNode[];
}
const nodeSchema: z.ZodType<SamplingNode> = z.lazy(() =>
  z.object({
    callFrame: z.object({ functionName: z.string(), url: z.string(), lineNumber: z.number() }),
    selfSize: z.number(),
    children: z.array(nodeSchema),
  }),
);
const profileSchema = z.object({ head: nodeSchema });

/** Bytes allocated (kept or collected) by function, over one load, from allocation-sampler.cjs. */
export interface Allocations {
  total: number;
  byFunction: Map<string, number>;
}

export function readAllocations(file: string): Allocations {
  const { head } = profileSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
  const byFunction = new Map<string, number>();
  let total = 0;
  const walk = (node: SamplingNode) => {
    if (node.selfSize > 0) {
      const key = functionKey(node.callFrame);
      byFunction.set(key, (byFunction.get(key) ?? 0) + node.selfSize);
      total += node.selfSize;
    }
    node.children.forEach(walk);
  };
  walk(head);
  return { total, byFunction };
}

/** Ours beside the bare server's, in bytes a request, sorted by what ours adds. */
export function allocationLines(
  ours: Allocations & { requests: number },
  bare: Allocations & { requests: number },
  top = 15,
): string[] {
  const a = (bytes: number, requests: number) => bytes / requests;
  const cell = (bytes: number) => bytes.toFixed(0).padStart(7);
  const rows = [...new Set([...ours.byFunction.keys(), ...bare.byFunction.keys()])]
    .map((key) => {
      const mine = a(ours.byFunction.get(key) ?? 0, ours.requests);
      const theirs = a(bare.byFunction.get(key) ?? 0, bare.requests);
      return { key, mine, theirs, added: mine - theirs };
    })
    .sort((x, y) => y.added - x.added)
    .slice(0, top);
  const mineTotal = a(ours.total, ours.requests);
  const theirsTotal = a(bare.total, bare.requests);
  return [
    `allocated a request (sampled, collected objects included): server ${(mineTotal / 1024).toFixed(1)} KB, bare node:http ${(theirsTotal / 1024).toFixed(1)} KB, added ${((mineTotal - theirsTotal) / 1024).toFixed(1)} KB`,
    `top ${top} functions by bytes allocated (self), a request:`,
    ' server    bare   added',
    ...rows.map(
      ({ key, mine, theirs, added }) =>
        `${cell(mine)} ${cell(theirs)} ${(added >= 0 ? '+' : '') + added.toFixed(0).padStart(6)}  ${key}`,
    ),
  ];
}
