import { env } from "@/lib/env";

/** The step-up window in words, for the pages that mention it: "10 minutes", "1 minute", "5 seconds". */
export function sudoWindowInWords(seconds = env.SUDO_WINDOW_SECONDS): string {
  const minutes = Math.floor(seconds / 60);
  if (minutes === 0) return seconds === 1 ? "1 second" : `${seconds} seconds`;
  return minutes === 1 ? "1 minute" : `${minutes} minutes`;
}
