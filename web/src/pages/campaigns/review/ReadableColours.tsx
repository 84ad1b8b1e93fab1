// Yellow alerts: Mantine's yellow title is 2.3:1 on its tinted background, under the 4.5:1 axe
// asks for. (The dimmed grey and error red are fixed for every screen in web/src/app.css.)

/** For a yellow Alert with a title. */
export const WARNING_STYLES = { title: { color: "var(--mantine-color-text)" } };
