import type { DashboardStrings } from "../dashboard-strings.js";
import { html } from "./html-template.js";
import { BASE, page } from "./layout.js";

/** "This link is for Sari: press Log in". A GET never uses the link up (link previews fetch it). */
export function loginConfirmPage(t: DashboardStrings, token: string, name: string): string {
  return page(
    t.login.title,
    { t, nav: "none" },
    html`<section class="card narrow">
      <h1>${t.login.title}</h1>
      <p>${t.login.confirm(name)}</p>
      <form method="post" action="${BASE}/masuk">
        <input type="hidden" name="t" value="${token}" />
        <button type="submit" class="primary">${t.login.button}</button>
      </form>
    </section>`,
  );
}

export type RefusalReason =
  "forged" | "expired" | "used" | "malformed" | "noRights" | "needLogin" | "loggedOut";

export function refusedPage(t: DashboardStrings, reason: RefusalReason): string {
  const message = t.login[reason];
  const title = reason === "loggedOut" || reason === "needLogin" ? t.login.title : t.login.refusedTitle;
  return page(
    title,
    { t, nav: "none" },
    html`<section class="card narrow" data-refusal="${reason}">
      <h1>${title}</h1>
      <p role="alert">${message}</p>
      ${reason === "noRights" ? "" : html`<p>${t.login.again}</p>`}
    </section>`,
  );
}
