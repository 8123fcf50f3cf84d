using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Sessions;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.SignIn;

/// <summary>ログアウト: ends this browser's session in the registry and removes the cookie.</summary>
public sealed class SignOutHandler(SignInManager<PortalUser> signIn, MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public async Task HandleAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (actor.SessionId is { } sessionId)
        {
            await SessionGate.EndAsync(db, sessionId, SessionEndReason.SignedOut, time.GetUtcNow().UtcDateTime);
        }

        await signIn.SignOutAsync();
    }
}

/// <summary>The recovery codes of a new enrolment and where to go next.</summary>
public sealed record RecoveryCodesPage(IReadOnlyList<string> Codes, string Next);
