import { isRecord } from '../../util/is-record';

/** A component as the page draws it: its type and name, resolved properties, actions as written. */
export type Component = { type: string } & Record<string, unknown>;

/** A screen's declared data filled with its examples, as a navigate message would carry it. */
export function exampleData(screen: { data?: Record<string, unknown> }): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(screen.data ?? {}).map(([key, declaration]) => [
      key,
      isRecord(declaration) ? declaration.__example__ : undefined,
    ]),
  );
}
