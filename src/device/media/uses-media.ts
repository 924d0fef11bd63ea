import { isRecord } from '../../util/is-record';

const PICKERS = new Set(['PhotoPicker', 'DocumentPicker']);

/** Whether a flow.json has a PhotoPicker or DocumentPicker anywhere: its journeys send files. */
export function usesMedia(json: unknown): boolean {
  if (Array.isArray(json)) return json.some(usesMedia);
  if (!isRecord(json)) return false;
  if (typeof json.type === 'string' && PICKERS.has(json.type)) return true;
  return Object.values(json).some(usesMedia);
}
