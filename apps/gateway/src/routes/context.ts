import type { Authenticator, Principal } from '@eye/auth';
import type { Response } from 'express';
import type { Backends } from '../backends';
import type { EventPublisher } from '../event-publisher';
import type { ExplorerOptions } from './explorer-routes';

/** What route handlers work with. */
export interface GatewayContext {
  backends: Backends;
  /** Checks bearer tokens from the gateway's bounded caches, asking ingest on a miss. */
  authenticator: Authenticator;
  /** Rate limit, then coalesced PublishEvents calls. */
  publisher: EventPublisher;
  /** The OpenAPI document as JSON text. */
  openApiJson(): string;
  /** Where the explorer's files are and where Jaeger is. */
  explorer: ExplorerOptions;
}

const PRINCIPAL = 'eyePrincipal';

/** Remembers who the request is from, once its token was accepted. */
export function setPrincipal(res: Response, principal: Principal): void {
  res.locals[PRINCIPAL] = principal;
}

/** Who the request is from; only on routes with a scope, after the token was accepted. */
export function principalOf(res: Response): Principal {
  const principal = res.locals[PRINCIPAL] as Principal | undefined;
  if (!principal) throw new Error('principalOf: the route has no scope, so no principal');
  return principal;
}
