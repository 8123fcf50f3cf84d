using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Web.Areas.Account.Shared;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>
/// The one place tests (integration and end-to-end: this file is linked into both) compute an
/// authenticator code for signing in. The portal accepts each time step once per account
/// (<see cref="AuthenticatorSteps"/>), and tests sign the same user in several times a minute, so
/// "the code of now" would be refused the second time. This reads the account's last used step
/// from the database and gives the code of the first later step the portal still accepts. When the
/// steps within reach are used up, a person would wait for the clock; a test instead makes the
/// account forget its last step (refusing a used code is tested on its own, in OneTimeCodeTests,
/// with fixed steps), so no test waits up to 30 s for a repeat sign-in.
/// </summary>
public static class UnusedAuthenticatorCode
{
    public static async Task<string> ForAsync(MioKarteDbContext db, string userName, string key)
    {
        ArgumentNullException.ThrowIfNull(db);
        var last = await db.Users.AsNoTracking().Where(u => u.UserName == userName).Select(u => u.LastAuthenticatorStep).SingleAsync();
        var now = AuthenticatorSteps.StepAt(DateTime.UtcNow);
        // One step behind to two ahead of now stays accepted until the portal checks it, even if the
        // clock passes a step boundary before the request arrives.
        var step = last is { } used ? Math.Max(now - 1, used + 1) : now - 1;
        if (step > now + AuthenticatorSteps.Drift)
        {
            await db.Users.Where(u => u.UserName == userName)
                .ExecuteUpdateAsync(set => set.SetProperty(u => u.LastAuthenticatorStep, (long?)null));
            step = now;
        }

        return AuthenticatorSteps.CodeAt(key, step);
    }
}
