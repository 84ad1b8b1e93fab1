// Small look-and-feel constants the template screens share.

/** Mantine's light yellow alert puts its title in #e67700 on #fff3bf (2.7:1); the title here reads at 4.5:1 or more. */
export const warningAlert = { color: "yellow", styles: { title: { color: "var(--mantine-color-dark-7)" } } } as const;
