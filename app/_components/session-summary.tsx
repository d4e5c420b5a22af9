import { DateTime } from "@/app/_components/date-time";
import { CurrentBadge, Detail } from "@/app/_components/row-details";

// What one session row says about itself, the same on a user's own sessions page and on
// an admin's page for that user: the device, "This device" for the viewer's own, the IP
// and the times, in the viewer's time zone. `labelId` names the row for its Revoke button.

export type SessionSummaryProps = {
  labelId: string;
  /** "Chrome 156 on Linux" (app/_components/describe-device.ts). */
  device: string;
  current: boolean;
  ipAddress: string | null;
  createdAt: Date;
  lastSeenAt: Date;
};

export function SessionSummary({ labelId, device, current, ipAddress, createdAt, lastSeenAt }: SessionSummaryProps) {
  return (
    <div className="min-w-0 flex-1">
      <p className="flex flex-wrap items-center gap-2 font-semibold text-stone-900">
        <span id={labelId}>{device}</span>
        {current && <CurrentBadge>This device</CurrentBadge>}
      </p>
      <dl className="mt-1 flex flex-wrap gap-x-5 gap-y-0.5 text-sm text-stone-600">
        <Detail term="IP">{ipAddress ?? "Unknown"}</Detail>
        <Detail term="Signed in">
          <DateTime date={createdAt} />
        </Detail>
        <Detail term="Last active">
          <DateTime date={lastSeenAt} />
        </Detail>
      </dl>
    </div>
  );
}
