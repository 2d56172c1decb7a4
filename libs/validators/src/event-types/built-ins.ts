import { ctaClickEventType } from './cta-click';
import type { EventType } from './event-type';
import { formSubmitEventType } from './form-submit';
import { pageviewEventType } from './pageview';

/** The event types every default registry holds; add a new type's line here. */
export const BUILT_IN_EVENT_TYPES: readonly EventType[] = [pageviewEventType, ctaClickEventType, formSubmitEventType];

/** True when `category` + `name` is a built-in type, which registered types may not replace. */
export function isBuiltInEventType(category: string, name: string): boolean {
  return BUILT_IN_EVENT_TYPES.some((type) => type.category === category && type.name === name);
}
