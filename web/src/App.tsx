import { use } from "react";
import type { ReactNode } from "react";
import { BrowserRouter, Navigate, Route, Routes, useLocation, useParams, useSearchParams } from "react-router";
import { useSession } from "./api/session.ts";
import { prefetchTeamDashboard } from "./api/prefetch.ts";
import { preloadCharts } from "./charts/lazy.tsx";
import NotFound from "./pages/NotFound.tsx";
import Notifications from "./pages/Notifications.tsx";
import OrgOverview from "./pages/OrgOverview.tsx";
import Person from "./pages/Person.tsx";
import QuarterlyReport from "./pages/QuarterlyReport.tsx";
import Records from "./pages/Records.tsx";
import SignIn from "./pages/SignIn.tsx";
import SprintReview, { CurrentSprint } from "./pages/SprintReview.tsx";
import TeamDashboard from "./pages/TeamDashboard.tsx";
import { readRange } from "./url.ts";
import { Layout } from "./components/Layout.tsx";

// Pages are small and load with the shell; the chart library is the only lazily loaded code
// (charts/lazy.tsx), and the team route starts downloading it, and its data, before it renders.

/**
 * The chart library first, then the data: the server answers requests one after another, so a
 * chart download queued behind a page's API calls would keep every chart off screen until the
 * last call returned. Once the charts are here, the dashboard's requests start, charts first.
 */
function TeamRoute() {
  const { team = "" } = useParams();
  const [params] = useSearchParams();
  use(preloadCharts());
  prefetchTeamDashboard(team, readRange(params, Date.now()));
  return <TeamDashboard />;
}

function ReportRoute() {
  use(preloadCharts());
  return <QuarterlyReport />;
}

/** The pages need a signed-in user when the server says so: then the sign-in page, and back. */
function SignedIn({ children }: { children: ReactNode }) {
  const session = useSession();
  const location = useLocation();
  if (session.status === "loading") {
    return (
      <p className="state state-loading" role="status">
        Loading…
      </p>
    );
  }
  if (session.status === "ready" && session.data.signInRequired) {
    return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  return <>{children}</>;
}

export function App() {
  return (
    <BrowserRouter>
      <Routes>
          <Route path="sign-in" element={<SignIn />} />
          <Route element={<SignedIn><Layout /></SignedIn>}>
            <Route index element={<OrgOverview />} />
            <Route path="teams" element={<Navigate to="/" replace />} />
            <Route path="teams/:team" element={<TeamRoute />} />
            <Route path="teams/:team/sprints" element={<CurrentSprint />} />
            <Route path="teams/:team/sprints/:n" element={<SprintReview />} />
            <Route path="teams/:team/records/:metric" element={<Records />} />
            <Route path="people/:person" element={<Person />} />
            <Route path="reports/:quarter" element={<ReportRoute />} />
            <Route path="notifications" element={<Notifications />} />
            <Route path="*" element={<NotFound />} />
          </Route>
      </Routes>
    </BrowserRouter>
  );
}
