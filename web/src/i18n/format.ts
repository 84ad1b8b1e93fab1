// Dates and times always in Europe/Oslo with the zone named (CET/CEST), numbers for nb-NO
// (or en-GB in English), whatever the browser's own zone: staff schedule for Norway.
import { useMemo } from "react";
import { useLanguage } from "./language.tsx";

export const OSLO = "Europe/Oslo";

export interface Formatter {
  /** "2. des. 2026, 15:00 CET" */
  dateTime(iso: string | null | undefined): string;
  /** "2. des. 2026" (a calendar date YYYY-MM-DD, or an instant's Oslo date) */
  date(iso: string | null | undefined): string;
  number(value: number | null | undefined): string;
  percent(value: number): string;
  /** "0,60 %": always two decimals, for rates that matter in hundredths of a percent (spam complaints). */
  finePercent(value: number): string;
  /** "3 min", "1 t 5 min" */
  duration(seconds: number | null | undefined): string;
}

export function formatterFor(locale: string): Formatter {
  const dateTime = new Intl.DateTimeFormat(locale, { timeZone: OSLO, dateStyle: "medium", timeStyle: "short" });
  const zone = new Intl.DateTimeFormat(locale, { timeZone: OSLO, timeZoneName: "short" });
  const day = new Intl.DateTimeFormat(locale, { timeZone: OSLO, dateStyle: "medium" });
  const calendarDay = new Intl.DateTimeFormat(locale, { timeZone: "UTC", dateStyle: "medium" });
  const number = new Intl.NumberFormat(locale);
  const percent = new Intl.NumberFormat(locale, { style: "percent", maximumFractionDigits: 1 });
  const finePercent = new Intl.NumberFormat(locale, { style: "percent", minimumFractionDigits: 2, maximumFractionDigits: 2 });
  const hourUnit = locale.startsWith("nb") ? "t" : "h";
  return {
    dateTime(iso) {
      if (!iso) return "–";
      const at = new Date(iso);
      const zoneName = zone.formatToParts(at).find((part) => part.type === "timeZoneName")?.value ?? "";
      return `${dateTime.format(at)} ${zoneName}`.trim();
    },
    date(iso) {
      if (!iso) return "–";
      return /^\d{4}-\d{2}-\d{2}$/.test(iso) ? calendarDay.format(new Date(`${iso}T00:00:00Z`)) : day.format(new Date(iso));
    },
    number: (value) => (value === null || value === undefined ? "–" : number.format(value)),
    percent: (value) => percent.format(value),
    finePercent: (value) => finePercent.format(value),
    duration(seconds) {
      if (seconds === null || seconds === undefined) return "–";
      if (seconds < 60) return `${Math.max(0, Math.round(seconds))} s`;
      const minutes = Math.round(seconds / 60);
      return minutes < 60 ? `${minutes} min` : `${Math.floor(minutes / 60)} ${hourUnit} ${minutes % 60} min`;
    },
  };
}

export function useFormat(): Formatter {
  const { locale } = useLanguage();
  return useMemo(() => formatterFor(locale), [locale]);
}
