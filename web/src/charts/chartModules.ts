/** Everything that draws with Recharts, as one lazily loaded module (see lazy.tsx). */
export { AlertsChart, ChangeFailureRateChart, CiChart, DeploymentsChart, LeadTimeChart, OpsShareChart, RecoveryTimeChart } from "./TeamCharts.tsx";
export { WeeklyChart } from "./WeeklyChart.tsx";
