namespace MioKarte.Web.Areas.Account.SignIn;

/// <summary>
/// Holds back password guessing per <b>typed 利用者ID and client address</b>, instead of locking the
/// account: an outsider who types someone's ID wrongly from one address slows down only
/// themselves, while the person signs in from their own terminal as usual (a lock per account let
/// anyone lock anyone, council included, with five requests). The first
/// <see cref="FreeFailures"/> failures cost nothing; each further one holds the pair back for
/// twice as long as the last (30 s, 1, 2, 4, 8 minutes); the <see cref="HardLockFailures"/>th holds it
/// for <see cref="HardLockDuration"/>, and the council is told (<see cref="SignInAlarm"/>). A held
/// attempt is refused without checking the password and with the same message as a wrong password.
/// </summary>
/// <remarks>
/// Kept in memory (one portal process): a restart forgets it, which only gives a guesser back
/// attempts that the 13-character password and the authenticator code make worthless anyway. Keyed
/// by the typed ID, so unknown IDs are held back exactly like real ones. Failures are forgotten
/// <see cref="Memory"/> after the last one; at most <see cref="MaxTracked"/> pairs are kept.
/// </remarks>
public sealed class SignInThrottle(TimeProvider time)
{
    public const int FreeFailures = 5;
    public const int HardLockFailures = 10;
    public const int MaxTracked = 100_000;
    public static readonly TimeSpan FirstDelay = TimeSpan.FromSeconds(30);
    public static readonly TimeSpan HardLockDuration = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan Memory = TimeSpan.FromHours(1);

    private readonly Lock gate = new();
    private readonly Dictionary<(string Account, string Client), Entry> entries = [];

    /// <summary>Whether an attempt for <paramref name="account"/> from <paramref name="client"/> must wait now.</summary>
    public bool IsHeld(string account, string client)
    {
        var now = time.GetUtcNow().UtcDateTime;
        lock (gate)
        {
            return entries.TryGetValue((Key(account), client), out var entry) && now < entry.HeldUntilUtc;
        }
    }

    /// <summary>Counts a wrong password; true when this failure reached the hard lock (tell the council once).</summary>
    public bool RecordFailure(string account, string client)
    {
        var now = time.GetUtcNow().UtcDateTime;
        var key = (Key(account), client);
        lock (gate)
        {
            var failures = entries.TryGetValue(key, out var entry) && now - entry.LastFailureUtc < Memory ? entry.Failures + 1 : 1;
            var hold = failures switch
            {
                < FreeFailures => TimeSpan.Zero,
                < HardLockFailures => FirstDelay * Math.Pow(2, failures - FreeFailures),
                _ => HardLockDuration,
            };
            if (entries.Count >= MaxTracked)
            {
                Prune(now);
            }

            entries[key] = new Entry(failures, now, now + hold);
            return failures == HardLockFailures;
        }
    }

    /// <summary>The right password from this address: its failures are forgotten.</summary>
    public void Forget(string account, string client)
    {
        lock (gate)
        {
            entries.Remove((Key(account), client));
        }
    }

    private static string Key(string account) => account.Trim().ToUpperInvariant();

    private void Prune(DateTime now)
    {
        foreach (var key in entries.Where(e => now - e.Value.LastFailureUtc >= Memory && now >= e.Value.HeldUntilUtc).Select(e => e.Key).ToList())
        {
            entries.Remove(key);
        }

        if (entries.Count >= MaxTracked)
        {
            // Still full (a spray over many IDs and addresses): drop the oldest half rather than grow.
            foreach (var key in entries.OrderBy(e => e.Value.LastFailureUtc).Take(entries.Count / 2).Select(e => e.Key).ToList())
            {
                entries.Remove(key);
            }
        }
    }

    private sealed record Entry(int Failures, DateTime LastFailureUtc, DateTime HeldUntilUtc);
}
