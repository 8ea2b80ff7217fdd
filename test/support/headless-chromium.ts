import { chromium, type Browser } from "playwright-core";

/**
 * Debian's Chromium (CI installs it; playwright's own download needs a registry CI does not
 * reach), started quiet: no sandbox (root in a container), no GPU, and none of the background
 * fetches that would hang on a machine without internet.
 */
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];

export function launchHeadlessChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: "/usr/bin/chromium", args: CHROMIUM_ARGS });
}
