// Mantine theme: the default look with a union-neutral primary colour dark enough for 4.5:1
// contrast of white text on buttons (axe checks it on every screen).
import { createTheme, Notification } from "@mantine/core";

export const theme = createTheme({
  primaryColor: "indigo",
  primaryShade: 8,
  fontFamily: "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  defaultRadius: "sm",
  components: {
    // A notification's close button is an icon: without a name, screen readers say only "button".
    Notification: Notification.extend({ defaultProps: { closeButtonProps: { "aria-label": "Lukk" } } }),
  },
});
