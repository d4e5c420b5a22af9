// The same words for every browser whose session cookie stopped working, whatever the
// reason: revoked from another device, timed out, or never valid at all. Naming the reason
// or the account would tell whoever holds the browser (or a forged cookie) something.
export function SignedOutNotice() {
  return (
    <div role="status" className="mb-5 rounded-lg border border-amber-200 bg-amber-50 px-3 py-2.5 text-sm text-amber-900">
      <p className="font-semibold">You were signed out.</p>
      <p className="mt-1">
        Sessions end after a while without activity, after some hours in any case, and when they are signed out from
        another device. Sign in again to continue.
      </p>
    </div>
  );
}
