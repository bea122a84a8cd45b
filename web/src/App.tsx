import { lazy } from "react";
import { BrowserRouter, Navigate, Route, Routes } from "react-router";
import { Layout } from "./components/Layout.tsx";

// Each page is its own chunk: the first load fetches the shell and the page it opens, and the
// chart library only when a page draws charts.
const OrgOverview = lazy(() => import("./pages/OrgOverview.tsx"));
const TeamDashboard = lazy(() => import("./pages/TeamDashboard.tsx"));
const SprintReview = lazy(() => import("./pages/SprintReview.tsx"));
const CurrentSprint = lazy(() => import("./pages/SprintReview.tsx").then((m) => ({ default: m.CurrentSprint })));
const QuarterlyReport = lazy(() => import("./pages/QuarterlyReport.tsx"));
const Records = lazy(() => import("./pages/Records.tsx"));
const NotFound = lazy(() => import("./pages/NotFound.tsx"));

export function App() {
  return (
    <BrowserRouter>
      <Routes>
          <Route element={<Layout />}>
            <Route index element={<OrgOverview />} />
            <Route path="teams" element={<Navigate to="/" replace />} />
            <Route path="teams/:team" element={<TeamDashboard />} />
            <Route path="teams/:team/sprints" element={<CurrentSprint />} />
            <Route path="teams/:team/sprints/:n" element={<SprintReview />} />
            <Route path="teams/:team/records/:metric" element={<Records />} />
            <Route path="reports/:quarter" element={<QuarterlyReport />} />
            <Route path="*" element={<NotFound />} />
          </Route>
      </Routes>
    </BrowserRouter>
  );
}
