/**
 * Where a user lands after sign-in (`/`). Cadres and community secretaries lead, so they start from
 * the dashboard: the whole picture of their subtree. Grid workers, stewards, operators, department
 * officers and everyone else start from the first menu entry they may open (the map, the inbox, the
 * portal…).
 */
export const landingOfRole: Readonly<Record<string, string>> = { cadre: '/dashboard', secretary: '/dashboard' };

/** The role's landing page when the user may open it, else the first of `visiblePaths` (menu order); undefined when there is none. */
export function landingPath(role: string, visiblePaths: readonly string[]): string | undefined {
  const preferred = landingOfRole[role];
  if (preferred && visiblePaths.includes(preferred)) return preferred;
  return visiblePaths[0];
}
