import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';

/** The system's Chromium (never downloaded), headless, with nothing that reaches out to the network on its own. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-dev-shm-usage', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Starts the system's Chromium, or fails saying how to get it (a missing browser is a failure, never a skip). */
export function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`Chromium not found at ${CHROMIUM}: apt-get install -y chromium (or set CHROMIUM_PATH)`);
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
}

let shared: Promise<Browser> | undefined;

/**
 * One Chromium for every browser test file a test worker runs (vitest.config.ts: `isolate: false`, so this module and
 * its browser outlive a file): each file works in contexts of its own and closes them with `releaseChromium`, never the
 * browser. The browser ends with the worker's process (Chromium exits when its pipe to Playwright closes). Starting
 * Chromium once per file cost a second or two of CPU each.
 */
export function sharedChromium(): Promise<Browser> {
  shared ??= launchChromium().then((browser) => {
    browser.once('disconnected', () => { shared = undefined; });
    return browser;
  }, (error: unknown) => {
    shared = undefined;
    throw error;
  });
  return shared;
}

/** The end of a file's use of the shared browser: closes every context it left open, so the next file starts clean. */
export async function releaseChromium(browser: Browser | undefined): Promise<void> {
  if (!browser) return;
  await Promise.all(browser.contexts().map((context) => context.close()));
}

/**
 * A page in a browser context of its own, for a test that keeps two pages open at once (two people, or a second tab
 * that must update live). Chromium draws only the front tab of a window, and Playwright waits for drawn frames before
 * it clicks: in a tab behind another of the same context each click waited about 2 s. Its context closes with
 * `page.context().close()` or `releaseChromium`.
 */
export async function openPage(browser: Browser, options: BrowserContextOptions = {}): Promise<Page> {
  return (await browser.newContext(options)).newPage();
}
