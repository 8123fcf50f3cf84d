using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Web.Areas.Account.Shared;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>
/// The one place tests (integration and end-to-end: this file is linked into both) compute an
/// authenticator code for signing in. The portal accepts each time step once per account
/// (<see cref="AuthenticatorSteps"/>), and tests sign the same user in several times a minute, so
/// "the code of now" would be refused the second time. This reads the account's last used step
/// from the database and gives the code of the first later step the portal still accepts; when the
/// steps within reach are used up it waits for the clock (at most 30 s).
/// </summary>
public static class UnusedAuthenticatorCode
{
    public static async Task<string> ForAsync(MioKarteDbContext db, string userName, string key)
    {
        ArgumentNullException.ThrowIfNull(db);
        var last = await db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.LastAuthenticatorStep).SingleAsync();
        return await AfterAsync(key, last);
    }

    /// <summary>
    /// The code of the first step after <paramref name="last"/> that stays accepted until the portal
    /// checks it: between one step behind and two ahead of now (the portal takes two either side,
    /// and the clock may pass a step boundary before the request arrives).
    /// </summary>
    public static async Task<string> AfterAsync(string key, long? last)
    {
        var now = AuthenticatorSteps.StepAt(DateTime.UtcNow);
        var step = last is { } used ? Math.Max(now - 1, used + 1) : now - 1;
        if (step > now + AuthenticatorSteps.Drift)
        {
            // Every step within reach is used: wait until this one comes within reach.
            var reachable = DateTime.UnixEpoch.AddSeconds((step - AuthenticatorSteps.Drift) * AuthenticatorSteps.StepSeconds);
            var wait = reachable - DateTime.UtcNow;
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait + TimeSpan.FromMilliseconds(50));
            }
        }

        return AuthenticatorSteps.CodeAt(key, step);
    }
}
