import { Page } from "../components/Page.tsx";

export default function QuarterlyReport() {
  return (
    <Page title="QuarterlyReport">
      <p>Coming soon.</p>
    </Page>
  );
}
