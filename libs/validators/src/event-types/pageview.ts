import { z } from 'zod';
import { defineEventType } from './event-type';
import { pageHost, pagePath } from './page-fields';

/** `page interaction` / `pageview`: a page was shown. */
export const pageviewEventType = defineEventType({
  category: 'page interaction',
  name: 'pageview',
  description: 'A page was shown.',
  data: z.strictObject({ host: pageHost, path: pagePath }),
});
