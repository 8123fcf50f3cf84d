using System.Collections.Concurrent;
using System.Security.Claims;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Filters;
using Microsoft.AspNetCore.Mvc.ModelBinding;
using Microsoft.AspNetCore.Mvc.ViewFeatures;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Data;
using MioKarte.Core.Pki;
using MioKarte.Web.Infrastructure.Access;

namespace MioKarte.Web.Infrastructure.ClientCertificates;

/// <summary>Why the gate refused a request; the refusal page names it in Japanese.</summary>
public enum TerminalRefusal
{
    NoCertificate,      // 証明書が提示されていない
    NotOurs,            // 本ネットワークの認証局が発行していない（または記録がない）
    OutOfDate,          // 有効期限切れ・有効期間前
    Revoked,            // 失効済み
    OtherFacility,      // 別の施設の端末
    FacilitySuspended,  // 施設が利用停止・退会
}

/// <summary>
/// The client-certificate gate (global MVC filter, after sign-in and authorization): for the clinical
/// (<c>/patients…</c>) and facility administration (<c>/facility…</c>) pages it demands a terminal
/// certificate that chains to the network CA, is in date, is not revoked
/// (<see cref="NetworkCertificateAuthority.CheckAsync"/>), and belongs to a terminal of the signed-in
/// user's own facility. It sets <see cref="PresentedTerminal"/> for the access log and records the
/// certificate's last use; otherwise it answers 403 with a page naming the problem. In
/// <see cref="ClientCertificateRequirement.Relaxed"/> mode a missing or unusable certificate is let
/// through without a terminal.
/// </summary>
public sealed class ClientCertificateGate(
    IOptions<ClientCertificateOptions> options,
    PresentedCertificateSource source,
    NetworkCertificateAuthority ca,
    TerminalLastUse lastUse,
    IModelMetadataProvider metadata,
    ILogger<ClientCertificateGate> logger) : IAsyncAuthorizationFilter
{
    public async Task OnAuthorizationAsync(AuthorizationFilterContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var http = context.HttpContext;
        if (!EndpointAccess.RequiresTerminal(http.GetEndpoint()?.Metadata) || http.User.Identity?.IsAuthenticated != true)
        {
            // Visitors are sent to sign-in by authorization first; the gate judges signed-in users only.
            return;
        }

        var relaxed = options.Value.Mode == ClientCertificateRequirement.Relaxed;
        var refusal = await JudgeAsync(http);
        if (refusal is null || relaxed)
        {
            return;
        }

        logger.LogWarning(
            "Client certificate refused: {Refusal} for user {UserId} of facility {FacilityId} (certificate {CertificateId})",
            refusal.Value.Problem.ToString(), http.User.FindFirstValue(ClaimTypes.NameIdentifier), PortalPolicies.FacilityIdOf(http.User), refusal.Value.CertificateId);
        context.Result = new ViewResult
        {
            ViewName = "/Views/Shared/TerminalRefused.cshtml",
            StatusCode = StatusCodes.Status403Forbidden,
            ViewData = new ViewDataDictionary<TerminalRefusal>(metadata, new ModelStateDictionary()) { Model = refusal.Value.Problem },
        };
    }

    /// <summary>Null when the request comes from a valid terminal of the user's facility (then the feature is set).</summary>
    private async Task<(TerminalRefusal Problem, Guid? CertificateId)?> JudgeAsync(HttpContext http)
    {
        // Not disposed here: the TLS connection's certificate serves every request on that connection.
        var certificate = await source.GetAsync(http);
        if (certificate is null)
        {
            return (TerminalRefusal.NoCertificate, null);
        }

        var check = await ca.CheckAsync(certificate, http.RequestAborted);
        var problem = check.Status switch
        {
            TerminalCertificateStatus.Valid => check.FacilityId == PortalPolicies.FacilityIdOf(http.User) ? (TerminalRefusal?)null : TerminalRefusal.OtherFacility,
            TerminalCertificateStatus.Revoked => TerminalRefusal.Revoked,
            TerminalCertificateStatus.Expired => TerminalRefusal.OutOfDate,
            TerminalCertificateStatus.NotYetValid => TerminalRefusal.OutOfDate,
            TerminalCertificateStatus.NotIssuedByNetworkCa => TerminalRefusal.NotOurs,
            TerminalCertificateStatus.Unknown => TerminalRefusal.NotOurs,
            TerminalCertificateStatus.FacilityInactive => TerminalRefusal.FacilitySuspended,
        };
        if (problem is { } refused)
        {
            return (refused, check.CertificateId);
        }

        http.Features.Set(new PresentedTerminal(check.CertificateId!.Value, check.FacilityId!.Value, check.TerminalName ?? ""));
        await lastUse.RecordAsync(check.CertificateId.Value, http.RequestAborted);
        return null;
    }
}

/// <summary>
/// Records when a terminal certificate was last used, at most once a minute per certificate: an
/// in-process note skips the database within the minute, and the conditional update keeps several
/// portal instances from writing more often. The version is not touched (use is not a change).
/// </summary>
public sealed class TerminalLastUse(IServiceScopeFactory scopes, TimeProvider time)
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(1);

    private readonly ConcurrentDictionary<Guid, DateTime> recorded = new();

    public async Task RecordAsync(Guid certificateId, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow().UtcDateTime;
        if (recorded.TryGetValue(certificateId, out var last) && now - last < Interval)
        {
            return;
        }

        recorded[certificateId] = now;
        var before = now - Interval;
        await using var scope = scopes.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().TerminalCertificates
            .Where(c => c.Id == certificateId && (c.LastUsedAtUtc == null || c.LastUsedAtUtc <= before))
            .ExecuteUpdateAsync(s => s.SetProperty(c => c.LastUsedAtUtc, now), cancellationToken);
    }
}
