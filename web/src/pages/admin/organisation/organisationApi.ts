// The organisation settings as the settings page reads and changes them. Types come from the
// contracts only. Every change answers the new settings, which replace the cached ones, so the
// preview shows the colours the server derived (the contrast maths lives on the server only).
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { OrganisationSettings, OrganisationSettingsInput } from "../../../../../src/contracts/organisation.ts";
import { api } from "../../../api/client.ts";

export type { OrganisationSettings, OrganisationSettingsInput };

export const ORGANISATION_KEY = ["organisation"] as const;

/** What the logo upload accepts (the API's LOGO_MAX_BYTES). */
export const LOGO_MAX_BYTES = 1024 * 1024;
export type LogoType = "image/png" | "image/svg+xml";

export function useOrganisation() {
  return useQuery({ queryKey: ORGANISATION_KEY, queryFn: ({ signal }) => api<OrganisationSettings>("/organisation", { signal }) });
}

/** A mutation whose answer is the new settings. */
function useSettingsChange<V>(change: (input: V) => Promise<OrganisationSettings>) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: change,
    onSuccess: (settings) => queryClient.setQueryData(ORGANISATION_KEY, settings),
  });
}

export function useSaveOrganisation() {
  return useSettingsChange((body: OrganisationSettingsInput) => api<OrganisationSettings>("/organisation", { method: "PUT", body }));
}

export function useUploadLogo() {
  return useSettingsChange(({ file, type }: { file: File; type: LogoType }) =>
    api<OrganisationSettings>("/organisation/logo", { method: "PUT", body: file, contentType: type }),
  );
}

export function useRemoveLogo() {
  return useSettingsChange(() => api<OrganisationSettings>("/organisation/logo", { method: "DELETE" }));
}

/**
 * The content type to upload a chosen file as: the browser's own guess, else the file name's
 * ending (some systems give SVG files no type); null when it is neither a PNG nor an SVG.
 */
export function logoTypeOf(file: File): LogoType | null {
  if (file.type === "image/png" || file.type === "image/svg+xml") return file.type;
  if (file.type === "" || file.type === "application/octet-stream") {
    if (/\.png$/i.test(file.name)) return "image/png";
    if (/\.svg$/i.test(file.name)) return "image/svg+xml";
  }
  return null;
}
