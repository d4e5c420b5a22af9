import { signOutAction } from "@/app/actions/auth";
import { button } from "./styles";

// Sign-out is a POST through a server action, never a GET link: a link could be fired by
// an <img> tag on any page, or by a browser prefetching it, and sign the user out.
// Server actions also carry Next.js's origin check, so another site cannot submit it.
export function SignOutButton() {
  return (
    <form action={signOutAction}>
      <button type="submit" className={button("secondary", "sm")}>
        Sign out
      </button>
    </form>
  );
}
