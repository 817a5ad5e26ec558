/**
 * How many news items and timeline events the portal's first screen shows: the
 * composite call and the widgets' own queries ask the same, so that one fills
 * the others. A module of its own, without zod, so the web app's shell can
 * import the numbers without the portal's schemas.
 */
export const PORTAL_NEWS_LIMIT = 3;
export const PORTAL_TIMELINE_LIMIT = 10;
