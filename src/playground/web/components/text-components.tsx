import type { Component } from '../flow-types';
import { blocks } from './markdown';
import { flag, text } from './props';
import type { RenderContext } from './render-context';

const paragraphs = (ctx: RenderContext, component: Component): string[] => {
  const value = component.text;
  return Array.isArray(value) ? value.map(String) : [text(component, 'text')];
};

export function TextComponent({ component, ctx }: { component: Component; ctx: RenderContext }) {
  const content = text(component, 'text');
  switch (component.type) {
    case 'TextHeading':
      return <h2 class="wa-heading">{content}</h2>;
    case 'TextSubheading':
      return <h3 class="wa-subheading">{content}</h3>;
    case 'RichText':
      return (
        <div class="wa-rich">{paragraphs(ctx, component).flatMap((p) => blocks(p, true))}</div>
      );
    default: {
      const className = component.type === 'TextCaption' ? 'wa-caption' : 'wa-body';
      const style = [
        text(component, 'font-weight').includes('bold') && 'font-weight:600',
        text(component, 'font-weight').includes('italic') && 'font-style:italic',
        flag(component, 'strikethrough', false) && 'text-decoration:line-through',
      ]
        .filter(Boolean)
        .join(';');
      if (flag(component, 'markdown', false)) {
        return (
          <div class={className} style={style}>
            {paragraphs(ctx, component).flatMap((p) => blocks(p, false))}
          </div>
        );
      }
      return (
        <p class={className} style={style}>
          {content.split('\n').flatMap((line, i) => (i === 0 ? [line] : [<br />, line]))}
        </p>
      );
    }
  }
}
