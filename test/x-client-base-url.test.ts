import type { ITwitterApiBeforeRequestConfigHookArgs } from "twitter-api-v2";
import { describe, expect, it } from "vitest";
import { createXClient, XBaseUrlPlugin } from "../src/x/x-client.js";

function rewrite(base: string, url: string, stream = false): { url: string; timeout?: number } {
  const params = { url, method: "GET" } as ITwitterApiBeforeRequestConfigHookArgs["params"];
  const args = {
    params,
    url: new URL(url.startsWith("http") ? url : `https://${url}`),
  } as ITwitterApiBeforeRequestConfigHookArgs;
  const plugin = new XBaseUrlPlugin(base, 1234);
  if (stream) plugin.onBeforeStreamRequestConfig(args);
  else plugin.onBeforeRequestConfig(args);
  return { url: params.url, ...(params.timeout === undefined ? {} : { timeout: params.timeout }) };
}

describe("createXClient: pointing twitter-api-v2 somewhere other than X", () => {
  it.each([
    ["https://api.x.com/2/users/me", "http://127.0.0.1:4010/2/users/me"],
    ["https://api.twitter.com/2/tweets", "http://127.0.0.1:4010/2/tweets"],
    ["https://upload.twitter.com/1.1/media/upload.json", "http://127.0.0.1:4010/1.1/media/upload.json"],
    ["api.x.com/2/tweets/search/recent", "http://127.0.0.1:4010/2/tweets/search/recent"],
  ])("%s goes to the base URL", (from, to) => {
    expect(rewrite("http://127.0.0.1:4010/", from)).toEqual({ url: to, timeout: 1234 });
  });

  it("streams are rewritten too", () => {
    expect(rewrite("http://sim:1", "https://api.x.com/2/tweets/search/stream", true).url).toBe(
      "http://sim:1/2/tweets/search/stream",
    );
  });

  it("half a set of OAuth 1.0a keys is refused rather than silently falling back to the bearer token", () => {
    expect(() => createXClient({ bearerToken: "b", appKey: "k", appSecret: "s" })).toThrow(
      /appKey, appSecret, accessToken and accessSecret/,
    );
    expect(() => createXClient({})).toThrow(/bearerToken/);
  });
});
