// Language of the UI: Norwegian bokmål by default, English switchable. Texts live beside the
// screen that shows them (`const texts = { nb: {...}, en: {...} }`, the English typed against
// the Norwegian), so a screen is one file to read. The choice is kept in local storage: it
// is a preference, not personal data.
import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from "react";

export type Language = "nb" | "en";
const STORAGE_KEY = "budstikke.language";

interface LanguageState {
  language: Language;
  setLanguage(language: Language): void;
  /** Intl locale for numbers and dates. */
  locale: string;
}

const LanguageContext = createContext<LanguageState>({ language: "nb", setLanguage: () => undefined, locale: "nb-NO" });

function initialLanguage(): Language {
  try {
    return localStorage.getItem(STORAGE_KEY) === "en" ? "en" : "nb";
  } catch {
    return "nb";
  }
}

export function LanguageProvider({ children, initial }: { children: ReactNode; initial?: Language }) {
  const [language, setLanguageState] = useState<Language>(initial ?? initialLanguage);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  const value = useMemo<LanguageState>(
    () => ({
      language,
      locale: language === "nb" ? "nb-NO" : "en-GB",
      setLanguage(next) {
        setLanguageState(next);
        try {
          localStorage.setItem(STORAGE_KEY, next);
        } catch {
          // Private mode: the choice lasts for this page only.
        }
      },
    }),
    [language],
  );
  return <LanguageContext.Provider value={value}>{children}</LanguageContext.Provider>;
}

export function useLanguage(): LanguageState {
  return useContext(LanguageContext);
}

/** A screen's texts in both languages; English must have every Norwegian key. */
export type Texts<T extends Record<string, unknown>> = { nb: T; en: { [K in keyof T]: T[K] } };

export function defineTexts<T extends Record<string, unknown>>(texts: Texts<T>): Texts<T> {
  return texts;
}

export function useTexts<T extends Record<string, unknown>>(texts: Texts<T>): T {
  const { language } = useLanguage();
  return texts[language] as T;
}
