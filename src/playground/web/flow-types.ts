/** A component as flow.json writes it: a type and kebab-case properties, any of them dynamic. */
export type Component = { type: string } & Record<string, unknown>;

export interface Action {
  name: string;
  next?: { type?: string; name?: string };
  payload?: unknown;
  url?: string;
}

export interface FlowScreen {
  id: string;
  title?: string;
  terminal?: boolean;
  refresh_on_back?: boolean;
  data?: Record<string, { __example__?: unknown }>;
  layout?: { children?: Component[] };
}

export interface FlowDocument {
  version?: string;
  data_api_version?: string;
  routing_model?: Record<string, string[]>;
  screens: FlowScreen[];
}

export const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const isComponent = (value: unknown): value is Component =>
  isObject(value) && typeof value.type === 'string';

export const asAction = (value: unknown): Action | undefined =>
  isObject(value) && typeof value.name === 'string' ? (value as unknown as Action) : undefined;

/** The screen a message opens: the one no route leads to, or the first. */
export function entryScreen(flow: FlowDocument): FlowScreen | undefined {
  const routes = flow.routing_model;
  if (routes) {
    const targets = new Set(Object.values(routes).flat());
    const entry = flow.screens.find((screen) => !targets.has(screen.id));
    if (entry) return entry;
  }
  return flow.screens[0];
}

/** A screen's declared data filled with its examples, as a navigate message would carry it. */
export function exampleData(screen: FlowScreen): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(screen.data ?? {}).map(([key, declaration]) => [key, declaration.__example__]),
  );
}
