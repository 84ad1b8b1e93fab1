// Placeholder: replaced by the screen's own implementation.
import { PageHeader } from "../../components/PageHeader.tsx";

export default function AuditPage() {
  return <PageHeader title="AuditPage" />;
}
