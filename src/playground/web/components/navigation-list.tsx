import type { Component } from '../flow-types';
import { isRecord } from '../../../util/is-record';
import { imageSource, text } from './props';
import type { RenderContext } from './render-context';

const str = (value: unknown) => (typeof value === 'string' ? value : undefined);

export function NavigationList({ component, ctx }: { component: Component; ctx: RenderContext }) {
  const items = component['list-items'];
  const list = Array.isArray(items) ? items.filter(isRecord).slice(0, 20) : [];
  const label = text(component, 'label');
  const description = text(component, 'description');
  return (
    <nav class="wa-navlist" aria-label={label || String(component.name)}>
      {label && <h3 class="wa-subheading">{label}</h3>}
      {description && <p class="wa-caption">{description}</p>}
      <ul>
        {list.map((item) => {
          const main = isRecord(item['main-content']) ? item['main-content'] : {};
          const end = isRecord(item.end) ? item.end : {};
          const start = isRecord(item.start) ? item.start : {};
          const tags = Array.isArray(item.tags) ? item.tags.map(String) : [];
          const action = item['on-click-action'] ?? component['on-click-action'];
          return (
            <li>
              <button
                type="button"
                class="wa-navitem"
                disabled={ctx.busy}
                onClick={() => ctx.run(action)}
              >
                {str(start.image) && (
                  <img
                    src={imageSource(str(start.image) ?? '')}
                    alt={str(start['alt-text']) ?? ''}
                  />
                )}
                <span class="wa-navitem-main">
                  <span class="wa-choice-title">{str(main.title)}</span>
                  {str(main.description) && (
                    <span class="wa-choice-description">{str(main.description)}</span>
                  )}
                  {str(main.metadata) && (
                    <span class="wa-choice-metadata">{str(main.metadata)}</span>
                  )}
                  {tags.length > 0 && (
                    <span class="wa-tags">
                      {tags.map((tag) => (
                        <span class="wa-tag">{tag}</span>
                      ))}
                    </span>
                  )}
                </span>
                {str(item.badge) && <span class="wa-badge">{str(item.badge)}</span>}
                {(str(end.title) ?? str(end.description)) && (
                  <span class="wa-navitem-end">
                    {str(end.title)} {str(end.description)} {str(end.metadata)}
                  </span>
                )}
              </button>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
