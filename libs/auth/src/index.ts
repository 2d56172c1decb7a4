/**
 * Trusted applications and their tokens: the registry in MongoDB (token hashes only, rate
 * limits), token generation and hashing, and the authenticator that checks a bearer token and
 * its scope from bounded caches.
 */
export {
  ApplicationRegistry,
  SCOPES,
  MAX_EVENTS_PER_SECOND,
  isScope,
  type Scope,
  type Application,
  type CreatedApplication,
  type ApplicationDocument,
  type RateLimit,
} from './applications';
export { Authenticator, registryLookup, type Principal, type PrincipalLookup, type LookupResult, type AuthenticatorOptions } from './authenticator';
export { generateToken, hashToken, hashesMatch, bearerToken, couldBeIssuedToken } from './tokens';
export { AuthenticationError, PermissionError, ApplicationInputError, ApplicationNotFoundError, AuthUnavailableError } from './errors';
