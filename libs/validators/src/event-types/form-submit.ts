import { z } from 'zod';
import { defineEventType } from './event-type';
import { formFields } from './form-fields';
import { pageHost, pagePath } from './page-fields';

/** `form interaction` / `submit`: a form on a page was submitted. */
export const formSubmitEventType = defineEventType({
  category: 'form interaction',
  name: 'submit',
  description: 'A form on a page was submitted.',
  data: z.strictObject({ host: pageHost, path: pagePath, form: formFields }),
});
