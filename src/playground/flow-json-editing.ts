import { Router } from 'express';
import { z } from 'zod';
import { EndpointError } from '../errors/endpoint-error';
import type { LoadedFlows } from '../router/loaded-flows';
import { parseBody } from './parse-body';

/** The editor's whole text (the playground's API takes bodies up to 2 MB). */
const textSchema = z.object({ text: z.string() });

/**
 * The editor beside the phone (development only): checks a flow.json text as it is typed, and
 * saves one that passes to the flow's own file, which the server and the page then serve. The
 * file is the flow's own: the request names the flow, never a path.
 */
export function flowJsonEditing(flows: LoadedFlows): Router {
  const router = Router();
  const editableFlow = (name: string): string => {
    if (flows.fileOf(name) === undefined) {
      throw new EndpointError('not_found', 'this flow has no flow.json file to edit');
    }
    return name;
  };

  router.post('/api/flows/:flow/check', (req, res) => {
    const name = editableFlow(String(req.params.flow));
    const { text } = parseBody(textSchema, req);
    const { ok, problems } = flows.check(name, text);
    res.json({ ok, problems });
  });

  router.post('/api/flows/:flow/save', (req, res) => {
    const name = editableFlow(String(req.params.flow));
    const { text } = parseBody(textSchema, req);
    const saved = flows.save(name, text);
    if (!saved.ok) {
      res.status(422).json({
        error: 'invalid_flow_json',
        message: 'flow.json has problems: nothing was written',
        problems: saved.problems,
      });
      return;
    }
    res.json({ revision: saved.loaded.revision, problems: saved.problems });
  });
  return router;
}
