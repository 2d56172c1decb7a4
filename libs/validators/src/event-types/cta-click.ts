import { z } from 'zod';
import { defineEventType } from './event-type';
import { pageHost, pagePath } from './page-fields';

/** `page interaction` / `cta click`: a call-to-action element on a page was clicked. */
export const ctaClickEventType = defineEventType({
  category: 'page interaction',
  name: 'cta click',
  description: 'A call-to-action element on a page was clicked.',
  data: z.strictObject({
    host: pageHost,
    path: pagePath,
    element: z.string().min(1, 'must not be empty').describe('Which element was clicked, e.g. "chat bubble"'),
  }),
});
