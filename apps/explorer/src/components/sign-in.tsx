import type { EyeClient } from '@the-eye/client';
import { useState, type FormEvent, type ReactNode } from 'react';
import { describeProblem, type Problem } from '../api/problems';

/**
 * Asks for an application token once. It is checked with one read (`query` scope) before it is
 * kept: an unknown or revoked token (401) or one without the `query` scope (403) is refused
 * with the reason.
 */
export function SignIn({ clientFor, onSignedIn }: { clientFor(token: string): EyeClient; onSignedIn(token: string): void }): ReactNode {
  const [problem, setProblem] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);

  const submit = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    const token = String(new FormData(event.currentTarget).get('token') ?? '').trim();
    if (!token) {
      setProblem({ kind: 'bad_request', title: 'Enter a token', detail: 'Paste the token your application was given.' });
      return;
    }
    setBusy(true);
    setProblem(null);
    try {
      await clientFor(token).eventTypes();
      onSignedIn(token);
    } catch (error) {
      setProblem(describeProblem(error, 'query'));
      setBusy(false);
    }
  };

  return (
    <main id="content" className="sign-in">
      <h1>The Eye Explorer</h1>
      <p className="lead">Look at the events, sessions and errors The Eye received.</p>
      <form onSubmit={(event) => void submit(event)} aria-describedby="token-help" noValidate>
        <label htmlFor="token">Application token</label>
        <input id="token" name="token" type="password" autoComplete="off" spellCheck={false} required aria-invalid={problem ? true : undefined} />
        <button type="submit" disabled={busy} aria-busy={busy}>
          {busy ? 'Checking…' : 'Sign in'}
        </button>
      </form>
      <div className="sign-in-problem">
        {problem ? (
          <div className="problem" role="alert">
            <p className="problem-title">{problem.title}</p>
            <p>{problem.detail}</p>
          </div>
        ) : null}
      </div>
      <p id="token-help" className="hint">
        The explorer reads with a token that has the <code>query</code> scope (the try-it box on Event types also needs <code>ingest</code>). It stays in this tab
        only and is sent only to this gateway. Create one with <code>npm run eye -- apps create explorer --scopes query,ingest</code>.
      </p>
    </main>
  );
}
