import { Page } from "../components/Page.tsx";

export default function Records() {
  return (
    <Page title="Records">
      <p>Coming soon.</p>
    </Page>
  );
}
