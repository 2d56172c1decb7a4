/** No usable credentials: missing, malformed, unknown or revoked token. */
export class AuthenticationError extends Error {
  override readonly name = 'AuthenticationError';
  readonly code = 'unauthenticated' as const;
}

/** A valid token without the scope the operation needs. */
export class PermissionError extends Error {
  override readonly name = 'PermissionError';
  readonly code = 'forbidden' as const;
}

/** Operator input the applications registry refuses (bad name, unknown scope, name taken). */
export class ApplicationInputError extends Error {
  override readonly name = 'ApplicationInputError';
  readonly code = 'invalid_request' as const;
}

/** No application matches the given name or id. */
export class ApplicationNotFoundError extends Error {
  override readonly name = 'ApplicationNotFoundError';
  readonly code = 'not_found' as const;
}

/** The applications store could not be reached. */
export class AuthUnavailableError extends Error {
  override readonly name = 'AuthUnavailableError';
  readonly code = 'unavailable' as const;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
  }
}
