import { AxeBuilder } from '@axe-core/playwright';
import type { Page } from 'playwright-core';
import type { Result } from 'axe-core';

/** The rules the console is held to: WCAG 2.0 and 2.1, levels A and AA. */
export const WCAG_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'];

/**
 * axe-core's violations of the WCAG A/AA rules on the page as it is now. `axe.run` in the page itself (the builder's
 * legacy mode): its default runs each frame apart and puts the results together in a new blank page with a second
 * copy of axe, which is for pages with cross-origin frames and cost about half of each check. The console's pages
 * have no frames, so the rules and their results are the same.
 */
export async function axeViolations(page: Page): Promise<Result[]> {
  return (await new AxeBuilder({ page }).setLegacyMode().withTags(WCAG_TAGS).analyze()).violations;
}
