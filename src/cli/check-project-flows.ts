import { relative } from 'node:path';
import type { ProjectFlows } from '../project/load-project-flows';
import { flowsDirOf } from '../project/project-paths';
import { loadFlowsFolder } from '../testing/load-flows-folder';

/**
 * Compiles and checks the project's flows as the server will (on an in-memory store: nothing is
 * written but the compiled files), printing each problem as `file:line:col: error: …`.
 */
export function checkProjectFlows(): ProjectFlows & { dir: string } {
  const dir = flowsDirOf();
  const checked = loadFlowsFolder(dir);
  for (const problem of checked.problems) console.error(problem);
  if (checked.flows.length === 0 && checked.problems.length === 0) {
    console.error(
      `${relative(process.cwd(), dir) || dir}: no flows yet: "flows-endpoint new <name>" writes one`,
    );
  }
  return { ...checked, dir };
}
