import { isChildListKey, type WalkedComponent } from './walk-components';
import type { JsonPath } from '../util/json-path';

export interface Binding {
  source: 'data' | 'form';
  /** The top-level name: `${data.x.y}` binds `x`. */
  name: string;
  /** As written, e.g. `${data.x.y}`. */
  text: string;
  /** The string that holds it. */
  path: JsonPath;
}

// Each reference has its own `${…}`, also inside longer strings and expressions.
const BINDING = /\$\{(data|form)\.([\w-]+)[^}]*\}/g;

/**
 * Every `${data.…}` and `${form.…}` in a component's own attributes, actions and payloads
 * included; its child components are walked separately (they may sit in another scope).
 */
export function findBindings(walked: WalkedComponent): Binding[] {
  const found: Binding[] = [];
  for (const { value, path } of componentStrings(walked)) {
    for (const match of value.matchAll(BINDING)) {
      const [text, source, name] = match;
      found.push({ source: source as Binding['source'], name: name ?? '', text, path });
    }
  }
  return found;
}

/** Every string of a component's own attributes (actions and payloads included), with its path. */
export function componentStrings({
  component,
  path,
}: WalkedComponent): { value: string; path: JsonPath }[] {
  const found: { value: string; path: JsonPath }[] = [];
  const visit = (value: unknown, at: JsonPath) => {
    if (typeof value === 'string') {
      found.push({ value, path: at });
    } else if (Array.isArray(value)) {
      value.forEach((item, i) => visit(item, [...at, i]));
    } else if (typeof value === 'object' && value !== null) {
      for (const [key, item] of Object.entries(value)) visit(item, [...at, key]);
    }
  };
  for (const [key, value] of Object.entries(component)) {
    if (!isChildListKey(key)) visit(value, [...path, key]);
  }
  return found;
}
