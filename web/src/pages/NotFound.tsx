import { Link } from "react-router";
import { Page } from "../components/Page.tsx";

export default function NotFound() {
  return (
    <Page title="Not found">
      <p>
        There is no page here. <Link to="/">Back to the overview</Link>.
      </p>
    </Page>
  );
}
