import { after } from "next/server";

// Work that runs after the response. A stream that ends later records outside the request scope, where after()
// is not available: then it runs as a plain background task.
export function defer(task: () => Promise<void>) {
  try {
    after(task);
  } catch {
    void task();
  }
}
