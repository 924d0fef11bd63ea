import { compileDeclaration } from '../flow-json/declared-value';
import type { FlowJson } from '../flow-json/flow-json-schema';
import { renderPath } from '../util/json-path';

/**
 * Screens a Flow may open on: with a routing_model, those no other screen routes to (Meta's entry
 * screen); the first screen when every screen has a route in (a loop, which the validator
 * reports), and every screen without a model.
 */
export function entryScreens(json: FlowJson): string[] {
  const ids = json.screens.map((screen) => screen.id);
  if (!json.routing_model) return ids;
  const targets = new Set(Object.values(json.routing_model).flat());
  const entries = ids.filter((id) => !targets.has(id));
  return entries.length > 0 ? entries : ids.slice(0, 1);
}

/**
 * What is wrong with opening the Flow on `screen` with `data`, checked against the screen's data
 * declaration in flow.json: an unknown or non-entry screen, undeclared fields, wrong types, and
 * declared fields left out. Empty when the opening is sound.
 */
export function checkOpeningData(
  json: FlowJson,
  screen: string,
  data: Record<string, unknown>,
): string[] {
  const found = json.screens.find((candidate) => candidate.id === screen);
  if (!found) return [`flow.json has no screen "${screen}"`];
  const problems: string[] = [];
  if (!entryScreens(json).includes(screen)) {
    problems.push(`screen "${screen}" is not an entry screen (another screen routes to it)`);
  }
  const declared = found.data ?? {};
  for (const [field, value] of Object.entries(data)) {
    const declaration = declared[field];
    if (!declaration) {
      problems.push(`screen "${screen}" does not declare "${field}"`);
      continue;
    }
    problems.push(
      ...compileDeclaration(declaration)(value, [field]).map(
        (problem) => `${renderPath(problem.at)} ${problem.message}`,
      ),
    );
  }
  if (Object.keys(data).length > 0) {
    for (const field of Object.keys(declared)) {
      if (!(field in data))
        problems.push(`"${field}" is declared by screen "${screen}" but missing`);
    }
  }
  return problems;
}
