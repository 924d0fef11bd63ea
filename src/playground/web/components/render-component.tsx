import type { Component } from '../flow-types';
import { DatePicker, DateRangePicker } from './dates';
import { EmbeddedLink, OptIn } from './links';
import { Image, ImageCarousel, MediaPicker } from './media';
import { NavigationList } from './navigation-list';
import { text } from './props';
import type { RenderContext } from './render-context';
import { ChoiceGroup, Dropdown } from './selection';
import { TextComponent } from './text-components';
import { TextEntry } from './text-entry';

/** One visible component (Forms, If and Switch already opened up; the Footer drawn by the phone). */
export function RenderComponent({ component, ctx }: { component: Component; ctx: RenderContext }) {
  const props = { component, ctx };
  switch (component.type) {
    case 'TextHeading':
    case 'TextSubheading':
    case 'TextBody':
    case 'TextCaption':
    case 'RichText':
      return <TextComponent {...props} />;
    case 'TextInput':
    case 'TextArea':
      return <TextEntry {...props} />;
    case 'Dropdown':
      return <Dropdown {...props} />;
    case 'CheckboxGroup':
    case 'RadioButtonsGroup':
    case 'ChipsSelector':
      return <ChoiceGroup {...props} />;
    case 'DatePicker':
      return <DatePicker {...props} />;
    case 'CalendarPicker':
      return text(component, 'mode') === 'range' ? (
        <DateRangePicker {...props} />
      ) : (
        <DatePicker {...props} />
      );
    case 'OptIn':
      return <OptIn {...props} />;
    case 'EmbeddedLink':
      return <EmbeddedLink {...props} />;
    case 'Image':
      return <Image {...props} />;
    case 'ImageCarousel':
      return <ImageCarousel {...props} />;
    case 'PhotoPicker':
    case 'DocumentPicker':
      return <MediaPicker {...props} />;
    case 'NavigationList':
      return <NavigationList {...props} />;
    case 'Footer':
      return null;
    default:
      return (
        <p class="wa-unknown" role="note">
          The playground does not know the component “{component.type}”.
        </p>
      );
  }
}
