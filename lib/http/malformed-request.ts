import { NextResponse } from "next/server";
import { refuseMalformedAction } from "./action-request";

// Requests that Next.js answers 500 before any app code runs, refused by proxy.ts with a
// 4xx instead: a path whose percent-encoding is broken ("/products/%": Next fails to
// decode the dynamic segment and answers 500 without a page), and server-action bodies it
// cannot decode (see action-request.ts).
export async function refuseMalformedRequest(request: Request): Promise<NextResponse | null> {
  if (!isDecodablePath(new URL(request.url).pathname)) {
    return new NextResponse("The request path is not valid percent-encoding.", {
      status: 400,
      headers: { "Content-Type": "text/plain; charset=utf-8" },
    });
  }
  return refuseMalformedAction(request);
}

export function isDecodablePath(pathname: string): boolean {
  try {
    decodeURIComponent(pathname);
    return true;
  } catch {
    return false;
  }
}
