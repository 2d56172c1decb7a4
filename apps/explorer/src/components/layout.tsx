import { useEffect, useRef, type ReactNode } from 'react';
import { Link, NavLink, useLocation } from 'react-router';
import { useEye } from '../api/eye';

const NAV = [
  { to: '/', label: 'Live', end: true },
  { to: '/events', label: 'Events', end: false },
  { to: '/errors', label: 'Errors', end: false },
  { to: '/stats', label: 'Stats', end: false },
  { to: '/types', label: 'Event types', end: false },
] as const;

/** The frame of every signed-in view: skip link, header with navigation and sign-out, main. */
export function Layout({ children, onShown }: { children: ReactNode; onShown?: () => unknown }): ReactNode {
  const { signOut } = useEye();
  const { pathname } = useLocation();
  const firstRender = useRef(true);

  useEffect(() => {
    void onShown?.();
  }, [onShown]);

  // After a navigation, move focus to the new view's heading, as a page load would.
  useEffect(() => {
    if (firstRender.current) {
      firstRender.current = false;
      return;
    }
    document.querySelector<HTMLElement>('main h1')?.focus();
  }, [pathname]);

  return (
    <>
      <a className="skip-link" href="#content">
        Skip to content
      </a>
      <header className="top">
        <Link to="/" className="brand">
          The Eye <span>Explorer</span>
        </Link>
        <nav aria-label="Main">
          <ul>
            {NAV.map((item) => (
              <li key={item.to}>
                <NavLink to={item.to} end={item.end}>
                  {item.label}
                </NavLink>
              </li>
            ))}
          </ul>
        </nav>
        <button type="button" className="secondary small sign-out" onClick={signOut}>
          Sign out
        </button>
      </header>
      <main id="content" tabIndex={-1}>
        {children}
      </main>
    </>
  );
}
