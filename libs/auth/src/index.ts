/**
 * Trusted applications and their tokens: the registry in MongoDB (token hashes only), token
 * generation and hashing, and the authenticator that checks a bearer token and its scope.
 */
export { ApplicationRegistry, SCOPES, isScope, type Scope, type Application, type CreatedApplication, type ApplicationDocument } from './applications';
export { Authenticator, type Principal, type AuthenticatorOptions } from './authenticator';
export { generateToken, hashToken, hashesMatch, bearerToken } from './tokens';
export { AuthenticationError, PermissionError, ApplicationInputError, ApplicationNotFoundError, AuthUnavailableError } from './errors';
