// Placeholder: replaced by the screen's own implementation.
import { PageHeader } from "../../components/PageHeader.tsx";

export default function OverviewPage() {
  return <PageHeader title="OverviewPage" />;
}
