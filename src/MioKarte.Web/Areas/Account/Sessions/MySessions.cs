using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;
using MioKarte.Core.Sessions;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Account.Sessions;

public sealed record SessionRow(Guid Id, DateTime StartedAtUtc, DateTime LastSeenAtUtc, string Device, string? TerminalName, bool IsThisOne);

/// <summary>
/// ログイン中の端末: the signed-in user's live sessions (not ended, not idle past 15 minutes, not
/// past 12 hours), newest first, this browser's marked.
/// </summary>
public sealed class MySessionsHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public async Task<IReadOnlyList<SessionRow>> HandleAsync(Actor actor)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var userId = actor.UserId;
        var current = actor.SessionId;
        var now = time.GetUtcNow().UtcDateTime;
        var idleSince = now - SessionLifetime.IdleTimeout;
        var startedSince = now - SessionLifetime.AbsoluteTimeout;
        var rows = await db.UserSessions.AsNoTracking()
            .Where(s => s.UserId == userId && s.EndedAtUtc == null && s.LastSeenAtUtc >= idleSince && s.StartedAtUtc >= startedSince)
            .OrderByDescending(s => s.StartedAtUtc)
            .Select(s => new { s.Id, s.StartedAtUtc, s.LastSeenAtUtc, s.Device, s.TerminalName })
            .ToListAsync();
        return [.. rows.Select(s => new SessionRow(s.Id, s.StartedAtUtc, s.LastSeenAtUtc, s.Device, s.TerminalName, s.Id == current))];
    }
}

public enum EndSessionOutcome
{
    /// <summary>Another session of the user ended (or had already ended).</summary>
    Ended,

    /// <summary>This browser's own session ended: the user is signed out.</summary>
    EndedThisOne,

    /// <summary>No session of this user has that id.</summary>
    NotFound,
}

/// <summary>Ends one of the user's own sessions; the other browser is refused on its next request (SessionGate).</summary>
public sealed class EndSessionHandler(
    MioKarteDbContext db, SignInManager<PortalUser> signIn, TimeProvider time, ILogger<EndSessionHandler> logger) : IUseCaseHandler
{
    public async Task<EndSessionOutcome> HandleAsync(Actor actor, Guid sessionId)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var userId = actor.UserId;
        var session = await db.UserSessions.SingleOrDefaultAsync(s => s.Id == sessionId && s.UserId == userId);
        if (session is null)
        {
            return EndSessionOutcome.NotFound;
        }

        session.End(SessionEndReason.EndedByUser, time.GetUtcNow().UtcDateTime);
        await db.SaveChangesAsync();
        logger.LogInformation("User {UserId} ended session {SessionId}", userId, sessionId);
        if (actor.SessionId == sessionId)
        {
            await signIn.SignOutAsync();
            return EndSessionOutcome.EndedThisOne;
        }

        return EndSessionOutcome.Ended;
    }
}
