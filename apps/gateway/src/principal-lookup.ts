import { isScope, type PrincipalLookup } from '@eye/auth';
import { hasErrorCode } from '@eye/rpc';
import type { Backends } from './backends';

/**
 * Looks a token up through ingest's `eye.v1.AuthService` (the gateway holds no database
 * credentials): the application, its scopes and its rate limit, or null for an unknown or revoked
 * token. Other failures throw and are not cached.
 */
export function ingestPrincipalLookup(backends: Backends): PrincipalLookup {
  return async (token) => {
    try {
      const response = await backends.call(backends.auth, backends.auth.authenticate, {}, `Bearer ${token}`);
      return {
        applicationId: response.applicationId,
        application: response.application,
        scopes: response.scopes.filter(isScope),
        rateLimit: response.rateLimit ? { eventsPerSecond: response.rateLimit.eventsPerSecond, burst: response.rateLimit.burst } : null,
      };
    } catch (error) {
      if (hasErrorCode(error) && error.code === 'unauthenticated') return null;
      throw error;
    }
  };
}
