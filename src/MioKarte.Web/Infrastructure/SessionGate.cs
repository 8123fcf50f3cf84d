using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.Core.Sessions;

namespace MioKarte.Web.Infrastructure;

/// <summary>The session of this request, once the gate has let it through (a request feature).</summary>
public sealed record CurrentSession(Guid Id, string UserId, DateTime StartedAtUtc, DateTime AuthenticatedAtUtc);

/// <summary>
/// The server-side session registry (<see cref="UserSession"/>) and the per-request gate, wired
/// into the sign-in cookie's events by <see cref="SessionLifetime"/>:
/// <list type="bullet">
/// <item>Signing in (any way: password + code, first enrolment, activation) starts a session row
/// and puts its id into the cookie as the <see cref="PortalClaims.SessionId"/> claim and a ticket
/// property, so a refreshed cookie keeps the same session.</item>
/// <item>Every request with the cookie runs ONE query joining the session, its user and the user's
/// facility, and refuses the request (and ends the row) when the session was ended, the security
/// stamp in the cookie is not the account's current one, the account is disabled or outside its
/// validity period, or the facility is not active. Nothing is cached: a change is seen by the very
/// next request.</item>
/// <item>The only write is <see cref="UserSession.LastSeenAtUtc"/>, at most once a minute.</item>
/// </list>
/// </summary>
public static class SessionGate
{
    public const string SessionIdKey = "mio.session";
    public static readonly TimeSpan LastSeenResolution = TimeSpan.FromMinutes(1);

    /// <summary>
    /// The gate's one query, compiled once: it runs on every signed-in request, and EF Core's
    /// per-call work for a LINQ query (building the expression, hashing it to find the cached plan)
    /// cost about as much CPU as the database's answer (docs/performance.md). Not cached across
    /// requests: an ended session, a changed stamp or a suspended facility is seen by the next
    /// request on every node.
    /// </summary>
    private static readonly Func<MioKarteDbContext, Guid, string, CancellationToken, Task<SessionRow?>> FindSession = EF.CompileAsyncQuery(
        (MioKarteDbContext db, Guid sessionId, string userId, CancellationToken _) => (
            from s in db.UserSessions.AsNoTracking()
            join u in db.Users on s.UserId equals u.Id
            from f in db.Facilities.Where(f => f.Id == u.FacilityId).DefaultIfEmpty()
            where s.Id == sessionId && s.UserId == userId
            select new SessionRow(
                s.StartedAtUtc,
                s.LastSeenAtUtc,
                s.AuthenticatedAtUtc,
                s.EndedAtUtc,
                u.SecurityStamp,
                u.DisabledAtUtc,
                u.ValidFromUtc,
                u.ValidUntilUtc,
                u.FacilityId,
                (FacilityStatus?)f.Status)).SingleOrDefault());

    /// <summary>Called from the cookie's OnSigningIn: starts a session unless this is a refresh of one.</summary>
    public static async Task SigningInAsync(CookieSigningInContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        if (context.Principal?.Identity is not ClaimsIdentity identity)
        {
            return;
        }

        if (!context.Properties.Items.TryGetValue(SessionIdKey, out var sessionId) || sessionId is null)
        {
            var http = context.HttpContext;
            var userId = identity.FindFirst(ClaimTypes.NameIdentifier)?.Value
                         ?? throw new InvalidOperationException("A sign-in without a user id.");
            var now = http.RequestServices.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
            var session = UserSession.Start(
                userId,
                DeviceDescription.FromUserAgent(http.Request.Headers.UserAgent.ToString()),
                http.Features.Get<PresentedTerminal>()?.TerminalName,
                now);
            // A scope of its own: never saves anything a handler left unsaved in the request's DbContext.
            await using var scope = http.RequestServices.GetRequiredService<IServiceScopeFactory>().CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            db.UserSessions.Add(session);
            await db.SaveChangesAsync();
            sessionId = session.Id.ToString("D");
            context.Properties.Items[SessionIdKey] = sessionId;
            http.Features.Set(new CurrentSession(session.Id, userId, now, now));
        }

        foreach (var old in identity.FindAll(PortalClaims.SessionId).ToList())
        {
            identity.RemoveClaim(old);
        }

        identity.AddClaim(new Claim(PortalClaims.SessionId, sessionId));
    }

    /// <summary>Called from the cookie's OnValidatePrincipal on every request that carries the cookie.</summary>
    public static async Task ValidateAsync(CookieValidatePrincipalContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        var services = http.RequestServices;
        var now = services.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var principal = context.Principal;
        var userId = principal?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (principal is null || userId is null || !Guid.TryParse(principal.FindFirstValue(PortalClaims.SessionId), out var sessionId))
        {
            // A cookie without a session was not made by this portal's sign-in.
            await RejectAsync(context);
            return;
        }

        var db = services.GetRequiredService<MioKarteDbContext>();
        // The first query of every signed-in request: the rest of the request uses the same connection.
        await db.HoldForRequestAsync(http.RequestAborted);
        var row = await FindSession(db, sessionId, userId, http.RequestAborted);
        if (row is null || row.EndedAtUtc is not null)
        {
            await RejectAsync(context);
            return;
        }

        var stampClaimType = services.GetRequiredService<IOptions<IdentityOptions>>().Value.ClaimsIdentity.SecurityStampClaimType;
        SessionEndReason? refusal =
            !string.Equals(principal.FindFirstValue(stampClaimType), row.SecurityStamp, StringComparison.Ordinal) ? SessionEndReason.SecurityStampChanged
            : !PortalUser.IsUsableAt(now, row.DisabledAtUtc, row.ValidFromUtc, row.ValidUntilUtc) ? SessionEndReason.AccountNotUsable
            // The same rule as FacilityAccess.AdmitsMemberOfAsync, inside this one query.
            : row.FacilityId is not null && row.FacilityStatus != FacilityStatus.Active ? SessionEndReason.FacilityNotActive
            : now - row.StartedAtUtc > SessionLifetime.AbsoluteTimeout ? SessionEndReason.AbsoluteTimeout
            : null;
        if (refusal is { } reason)
        {
            await EndAsync(db, sessionId, reason, now);
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(SessionGate))
                .LogInformation("Session {SessionId} of user {UserId} ended: {Reason}", sessionId, userId, reason);
            await RejectAsync(context);
            return;
        }

        if (now - row.LastSeenAtUtc >= LastSeenResolution)
        {
            var notAfter = now - LastSeenResolution;
            await db.UserSessions.Where(s => s.Id == sessionId && s.LastSeenAtUtc <= notAfter)
                .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenAtUtc, now), http.RequestAborted);
        }

        http.Features.Set(new CurrentSession(sessionId, userId, row.StartedAtUtc, row.AuthenticatedAtUtc));
    }

    /// <summary>Ends one session (no-op when it has already ended).</summary>
    public static Task EndAsync(MioKarteDbContext db, Guid sessionId, SessionEndReason reason, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.UserSessions.Where(s => s.Id == sessionId && s.EndedAtUtc == null)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.EndedAtUtc, nowUtc).SetProperty(s => s.EndReason, reason));
    }

    /// <summary>The session id in the cookie of <paramref name="user"/>, if any.</summary>
    public static Guid? SessionIdOf(ClaimsPrincipal user) =>
        Guid.TryParse(user?.FindFirstValue(PortalClaims.SessionId), out var id) ? id : null;

    private sealed record SessionRow(
        DateTime StartedAtUtc,
        DateTime LastSeenAtUtc,
        DateTime AuthenticatedAtUtc,
        DateTime? EndedAtUtc,
        string? SecurityStamp,
        DateTime? DisabledAtUtc,
        DateTime? ValidFromUtc,
        DateTime? ValidUntilUtc,
        Guid? FacilityId,
        FacilityStatus? FacilityStatus);

    private static async Task RejectAsync(CookieValidatePrincipalContext context)
    {
        context.RejectPrincipal();
        await context.HttpContext.SignOutAsync(IdentityConstants.ApplicationScheme);
    }
}
