/** The actions a Flow JSON component may run (Meta's Flow JSON reference, "Actions"). */
export const FLOW_ACTIONS = [
  'navigate',
  'data_exchange',
  'complete',
  'update_data',
  'open_url',
] as const;
