import { SIGN_OUT_PATH } from "@/app/_lib/sign-out-path";
import { button } from "./styles";

// Sign-out is a POST to app/sign-out/route.ts, never a GET link: a link could be fired by
// an <img> tag on any page, or by a browser prefetching it, and sign the user out. A plain
// form works without JavaScript, and proxy.ts refuses it from another site.
export function SignOutButton() {
  return (
    <form method="post" action={SIGN_OUT_PATH}>
      <button type="submit" className={button("secondary", "sm")}>
        Sign out
      </button>
    </form>
  );
}
