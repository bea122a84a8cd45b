import { Suspense, useEffect, useRef } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { lastCompleteQuarter } from "../url.ts";
import { signOut, useSession } from "../api/session.ts";
import { ErrorBoundary } from "./ErrorBoundary.tsx";

/** The frame around every page: skip link, navigation (hidden in print) and the page. */
export function Layout() {
  const location = useLocation();
  const quarter = lastCompleteQuarter(Date.now());
  const session = useSession();
  const signedIn = session.status === "ready" && session.data.via === "cookie" ? session.data : null;
  const main = useRef<HTMLElement>(null);
  const first = useRef(true);
  // After a client-side navigation, focus goes to the new page (as a full page load would reset it).
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    main.current?.focus();
  }, [location.pathname]);
  return (
    <>
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <header className="site-header no-print">
        <Link to="/" className="brand">
          opsledger
        </Link>
        <nav aria-label="Main">
          <NavLink to="/" end>
            Overview
          </NavLink>
          <NavLink to={`/reports/${quarter}`}>Quarterly report</NavLink>
          <NavLink to="/notifications">Notifications</NavLink>
        </nav>
        {signedIn !== null && (
          <span className="signed-in">
            {signedIn.name} ({signedIn.role}){" "}
            <button type="button" className="link-button" onClick={() => void signOut().then(() => window.location.assign("/sign-in"))}>
              Sign out
            </button>
          </span>
        )}
      </header>
      <main id="main" tabIndex={-1} ref={main}>
        <ErrorBoundary resetKey={location.pathname}>
        <Suspense
          fallback={
            <p className="state state-loading" role="status">
              Loading…
            </p>
          }
        >
          <Outlet />
        </Suspense>
        </ErrorBoundary>
      </main>
    </>
  );
}
