import { display } from '../../../flow-json/expression';
import { type Component } from '../flow-types';
import { isRecord } from '../../../util/is-record';

export const text = (component: Component, key: string): string => display(component[key]);

export const flag = (component: Component, key: string, fallback: boolean) => {
  const value = component[key];
  return typeof value === 'boolean' ? value : fallback;
};

export interface Option {
  id: string;
  title: string;
  description?: string;
  metadata?: string;
  enabled: boolean;
  image?: string;
  altText?: string;
  onSelect?: unknown;
  onUnselect?: unknown;
}

/** A data-source: items with an id and a title, static or bound to data. */
export function options(component: Component): Option[] {
  const items = component['data-source'];
  if (!Array.isArray(items)) return [];
  return items.filter(isRecord).map((item) => ({
    id: display(item.id),
    title: display(item.title),
    ...(typeof item.description === 'string' && { description: item.description }),
    ...(typeof item.metadata === 'string' && { metadata: item.metadata }),
    enabled: item.enabled !== false,
    ...(typeof item.image === 'string' && { image: imageSource(item.image) }),
    ...(typeof item['alt-text'] === 'string' && { altText: item['alt-text'] }),
    onSelect: item['on-select-action'],
    onUnselect: item['on-unselect-action'],
  }));
}

/** Flow JSON images are bare base64; the page shows them as data: URLs (no fetch). */
export function imageSource(base64: string): string {
  if (base64.startsWith('data:')) return base64;
  const type = base64.startsWith('iVBOR') ? 'png' : base64.startsWith('UklG') ? 'webp' : 'jpeg';
  return `data:image/${type};base64,${base64}`;
}

/** Ids that tie a label, a helper text and an error to their input: names are unique on a screen. */
export function fieldId(component: Component): string {
  const name = typeof component.name === 'string' ? component.name : component.type;
  return `field-${name.replace(/[^A-Za-z0-9_-]/g, '_')}`;
}
