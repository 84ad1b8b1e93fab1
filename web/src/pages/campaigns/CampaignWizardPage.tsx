// Placeholder: replaced by the screen's own implementation.
import { PageHeader } from "../../components/PageHeader.tsx";

export default function CampaignWizardPage() {
  return <PageHeader title="CampaignWizardPage" />;
}
