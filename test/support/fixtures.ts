import { fileURLToPath } from 'node:url';

/**
 * The deployment file the suite is written against (areas, agencies, routing, people): the tests' own, so the
 * product's bundled example can change without moving a test. `startTestApp` uses it unless a test names another.
 */
export const CITY_CONFIG = fileURLToPath(new URL('../fixtures/config/city.yaml', import.meta.url));
