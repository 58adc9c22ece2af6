// Reads the Office theme so the pane can pick Fluent's light or dark theme. Nothing else.

/** Relative luminance of a #rrggbb colour (WCAG formula). */
function luminance(hex: string): number {
  const m = /^#?([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex.trim());
  if (!m) return 1;
  const [r, g, b] = [m[1]!, m[2]!, m[3]!].map((h) => {
    const c = parseInt(h, 16) / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

/** True when Office shows a dark body background (officeTheme is absent on some hosts: then light). */
export function isDarkTheme(): boolean {
  const theme = Office.context.officeTheme as Office.OfficeTheme | undefined;
  return theme ? luminance(theme.bodyBackgroundColor) < 0.3 : false;
}
