import { use } from "react";
import { BrowserRouter, Navigate, Route, Routes, useParams, useSearchParams } from "react-router";
import { prefetchTeamDashboard } from "./api/prefetch.ts";
import { preloadCharts } from "./charts/lazy.tsx";
import NotFound from "./pages/NotFound.tsx";
import Notifications from "./pages/Notifications.tsx";
import OrgOverview from "./pages/OrgOverview.tsx";
import QuarterlyReport from "./pages/QuarterlyReport.tsx";
import Records from "./pages/Records.tsx";
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

export function App() {
  return (
    <BrowserRouter>
      <Routes>
          <Route element={<Layout />}>
            <Route index element={<OrgOverview />} />
            <Route path="teams" element={<Navigate to="/" replace />} />
            <Route path="teams/:team" element={<TeamRoute />} />
            <Route path="teams/:team/sprints" element={<CurrentSprint />} />
            <Route path="teams/:team/sprints/:n" element={<SprintReview />} />
            <Route path="teams/:team/records/:metric" element={<Records />} />
            <Route path="reports/:quarter" element={<ReportRoute />} />
            <Route path="notifications" element={<Notifications />} />
            <Route path="*" element={<NotFound />} />
          </Route>
      </Routes>
    </BrowserRouter>
  );
}
