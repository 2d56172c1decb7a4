import type { ReactNode } from 'react';
import { Link } from 'react-router';
import { Page } from '../components/page';

export function NotFoundView(): ReactNode {
  return (
    <Page title="Not found">
      <p>
        The explorer has no view at this address. Start from <Link to="/">Live</Link> or <Link to="/events">Events</Link>.
      </p>
    </Page>
  );
}
