// zod with `.openapi()` metadata: every schema of the REST contract is made through this module,
// so OpenAPI is generated from the very schemas requests are validated with.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };
