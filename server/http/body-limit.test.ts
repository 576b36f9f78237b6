import { describe, expect, it } from "vitest";
import { appBodyRefusal } from "./body-limit";

describe("the app's body limit", () => {
  it("refuses a declared body over the limit, and a streamed body that declares no length", () => {
    expect(appBodyRefusal("POST", { "content-length": "300000000" }, 2_000_000)).toMatchObject({ status: 413 });
    expect(appBodyRefusal("POST", { "transfer-encoding": "chunked" }, 2_000_000)).toMatchObject({ status: 411 });
    expect(appBodyRefusal("POST", { "content-length": "abc" }, 2_000_000)).toMatchObject({ status: 411 });
  });

  it("lets bodies within the limit and bodiless requests through", () => {
    expect(appBodyRefusal("POST", { "content-length": "1200" }, 2_000_000)).toBeNull();
    expect(appBodyRefusal("POST", {}, 2_000_000)).toBeNull();
    expect(appBodyRefusal("GET", { "content-length": "300000000" }, 2_000_000)).toBeNull();
  });
});
