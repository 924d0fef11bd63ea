/** The multipart form both providers take for a Flow's JSON (kairon's fields; Meta's required ones). */
export function flowJsonForm(flowJson: string): FormData {
  const form = new FormData();
  form.set('name', 'flow.json');
  form.set('asset_type', 'FLOW_JSON');
  form.set('file', new Blob([flowJson], { type: 'application/json' }), 'flow.json');
  return form;
}
