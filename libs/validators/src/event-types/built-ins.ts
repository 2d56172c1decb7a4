import { ctaClickEventType } from './cta-click';
import type { EventType } from './event-type';
import { formSubmitEventType } from './form-submit';
import { pageviewEventType } from './pageview';

/** The event types every default registry holds; add a new type's line here. */
export const BUILT_IN_EVENT_TYPES: readonly EventType[] = [pageviewEventType, ctaClickEventType, formSubmitEventType];
