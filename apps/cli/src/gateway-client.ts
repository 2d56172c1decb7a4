import { EyeClient, type EyeClientOptions } from '@the-eye/client';
import { UsageError } from './usage-error';

/** Where the gateway is and the token to use: `--url`/`--token`, else `EYE_URL`/`EYE_TOKEN`. */
export interface GatewayOptions {
  url: string;
  token?: string;
}

/** An {@link EyeClient} for the commands that go through the REST gateway. */
export function gatewayClient(gateway: GatewayOptions, options: Partial<EyeClientOptions> = {}): EyeClient {
  if (gateway.token === undefined || gateway.token === '') {
    throw new UsageError('a token is needed: pass --token <token> or set EYE_TOKEN (create one with: npm run eye -- apps create <name> --scopes ingest,query)');
  }
  return new EyeClient({ ...options, url: gateway.url, token: gateway.token });
}
