import type { ReactNode } from 'react';
import { useEye } from '../api/eye';
import { describeProblem, type Scope } from '../api/problems';

/** Placeholder rows of the size of the content they stand for, so nothing moves when it arrives. */
export function Loading({ label, rows = 6 }: { label: string; rows?: number }): ReactNode {
  return (
    <div className="loading" role="status" aria-live="polite">
      <span className="visually-hidden">{label}</span>
      {Array.from({ length: rows }, (_, index) => (
        <div className="skeleton-row" key={index} aria-hidden="true" />
      ))}
    </div>
  );
}

/** Nothing to show, and why. */
export function Empty({ children }: { children: ReactNode }): ReactNode {
  return (
    <div className="empty" role="status">
      {children}
    </div>
  );
}

export interface ProblemViewProps {
  error: unknown;
  /** The scope the failed request needed, named when the token lacks it. */
  scope?: Scope;
  onRetry?: () => void;
}

/** A request failed: what happened and what to do (retry, or sign in again on a 401). */
export function ProblemView({ error, scope = 'query', onRetry }: ProblemViewProps): ReactNode {
  const { signOut } = useEye();
  const problem = describeProblem(error, scope);
  return (
    <div className={`problem problem-${problem.kind}`} role="alert">
      <p className="problem-title">{problem.title}</p>
      <p>{problem.detail}</p>
      <div className="problem-actions">
        {problem.kind === 'unauthenticated' ? (
          <button type="button" onClick={signOut}>
            Sign in again
          </button>
        ) : null}
        {onRetry && problem.kind !== 'unauthenticated' && problem.kind !== 'forbidden' ? (
          <button type="button" onClick={onRetry}>
            Try again
          </button>
        ) : null}
      </div>
    </div>
  );
}
