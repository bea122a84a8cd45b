import { Page } from "../components/Page.tsx";

export default function SprintReview() {
  return (
    <Page title="SprintReview">
      <p>Coming soon.</p>
    </Page>
  );
}
