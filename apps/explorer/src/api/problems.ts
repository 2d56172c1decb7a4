import { isEyeNetworkError, isEyeRequestError } from '@the-eye/client';

/** The scopes a token may carry: `query` to read, `ingest` to send and validate. */
export type Scope = 'query' | 'ingest';

/** What went wrong, for people. */
export interface Problem {
  kind: 'unauthenticated' | 'forbidden' | 'not_found' | 'bad_request' | 'unavailable' | 'other';
  title: string;
  detail: string;
}

/**
 * An error of a request as a {@link Problem}. `scope` is what the request needed, so a `403`
 * says which scope the token lacks.
 */
export function describeProblem(error: unknown, scope: Scope = 'query'): Problem {
  if (isEyeRequestError(error)) {
    switch (error.status) {
      case 401:
        return { kind: 'unauthenticated', title: 'The token is not accepted', detail: `${error.message}. It may be unknown or revoked: sign in again with a valid token.` };
      case 403:
        return { kind: 'forbidden', title: `This token lacks the “${scope}” scope`, detail: `This needs a token with the “${scope}” scope (${error.message}). Create one with: npm run eye -- apps create <name> --scopes ingest,query` };
      case 404:
        return { kind: 'not_found', title: 'Not found', detail: error.message };
      case 400:
        return { kind: 'bad_request', title: `The request was refused (${error.code})`, detail: error.message };
      default:
        if (error.status === 429 || error.status >= 500) return { kind: 'unavailable', title: 'The Eye is not answering now', detail: `${error.message} (HTTP ${error.status}). Try again in a moment.` };
        return { kind: 'other', title: `HTTP ${error.status}: ${error.code}`, detail: error.message };
    }
  }
  if (isEyeNetworkError(error)) return { kind: 'unavailable', title: 'The gateway cannot be reached', detail: error.message };
  return { kind: 'other', title: 'Something went wrong', detail: error instanceof Error ? error.message : String(error) };
}
