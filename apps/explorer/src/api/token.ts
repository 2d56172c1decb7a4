/** Where the explorer keeps the token: this tab's sessionStorage, under the contract's key. */
export const TOKEN_KEY = 'eye.token';

/** The token of this tab, or `null` before sign-in (or where storage is refused). */
export function readToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

export function saveToken(token: string): void {
  sessionStorage.setItem(TOKEN_KEY, token);
}

export function clearToken(): void {
  try {
    sessionStorage.removeItem(TOKEN_KEY);
  } catch {
    // Nothing was kept.
  }
}
