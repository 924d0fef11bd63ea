import { tmpdir } from 'node:os';
import { resolve } from 'node:path';
import pino from 'pino';
import { loadProjectFlows, type ProjectFlows } from '../project/load-project-flows';
import { cacheDirOf } from '../project/project-paths';
import { createMemoryStore } from '../store/memory-store';

/**
 * The flows of a folder as the server loads them (compiled, checked against their flow.json, on
 * an in-memory store): `problems` lists what would stop it, as `file:line:col: error: …`.
 */
export function loadFlowsFolder(dir = 'flows'): ProjectFlows {
  const folder = resolve(dir);
  return loadProjectFlows(
    folder,
    { store: createMemoryStore(), mediaDir: tmpdir(), logger: pino({ level: 'silent' }) },
    cacheDirOf(folder),
  );
}
