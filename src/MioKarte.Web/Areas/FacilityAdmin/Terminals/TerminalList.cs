using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pki;

namespace MioKarte.Web.Areas.FacilityAdmin.Terminals;

/// <summary>One terminal on the list: its live certificate's expiry and last use, if it has one.</summary>
public sealed record TerminalRow(
    Guid Id, string Name, TerminalKind Kind, string Location, string PersonInCharge, DateTime? RetiredAtUtc,
    DateTime? CertificateNotAfterUtc, DateTime? LastUsedAtUtc);

/// <summary>端末一覧: the facility's terminals (in use first), and live certificates against the allowance.</summary>
public sealed record TerminalListView(int Allowance, int LiveCertificates, IReadOnlyList<TerminalRow> Terminals)
{
    public bool AllowanceReached => LiveCertificates >= Allowance;
}

public sealed class TerminalListHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public async Task<TerminalListView> HandleAsync(Actor actor, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var facilityId = actor.Facility;
        var now = time.GetUtcNow().UtcDateTime;
        var allowance = await db.Facilities.Where(f => f.Id == facilityId).Select(f => f.TerminalAllowance).SingleAsync(cancellationToken);
        var rows = await db.Terminals.AsNoTracking()
            .ForFacility(actor)
            .Select(t => new
            {
                t.Id,
                t.Name,
                t.Kind,
                t.Location,
                t.PersonInCharge,
                t.RetiredAtUtc,
                t.RegisteredAtUtc,
                LiveUntil = db.TerminalCertificates
                    .Where(c => c.TerminalId == t.Id && c.RevokedAtUtc == null && c.NotAfterUtc > now)
                    .Max(c => (DateTime?)c.NotAfterUtc),
                LastUsed = db.TerminalCertificates.Where(c => c.TerminalId == t.Id).Max(c => c.LastUsedAtUtc),
            })
            .ToListAsync(cancellationToken);
        var terminals = rows
            .OrderBy(r => r.RetiredAtUtc is not null).ThenBy(r => r.RegisteredAtUtc)
            .Select(r => new TerminalRow(r.Id, r.Name, r.Kind, r.Location, r.PersonInCharge, r.RetiredAtUtc, r.LiveUntil, r.LastUsed))
            .ToList();
        return new TerminalListView(allowance, await TerminalAllowance.LiveCertificatesAsync(db, actor, now, cancellationToken), terminals);
    }
}

/// <summary>端末数: a facility may hold as many live (not revoked, not expired) certificates as its allowance.</summary>
public static class TerminalAllowance
{
    public static Task<int> LiveCertificatesAsync(MioKarteDbContext db, IActingFacility acting, DateTime nowUtc, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.TerminalCertificates.ForFacility(acting).CountAsync(c => c.RevokedAtUtc == null && c.NotAfterUtc > nowUtc, cancellationToken);
    }
}

/// <summary>A certificate of the terminal, newest first, as the detail page lists it.</summary>
public sealed record TerminalCertificateRow(
    Guid Id, string SerialNumber, DateTime IssuedAtUtc, string IssuedBy, DateTime NotAfterUtc, DateTime? LastUsedAtUtc,
    TerminalCertificateStatus Status, DateTime? RevokedAtUtc, string? RevokedBy, CertificateRevocationReason? RevocationReason);

public sealed record TerminalDetailView(
    Guid Id, string Name, TerminalKind Kind, string Location, string PersonInCharge, DateTime RegisteredAtUtc, string RegisteredBy,
    DateTime? RetiredAtUtc, string? RetiredBy, Guid Version, IReadOnlyList<TerminalCertificateRow> Certificates, bool AllowanceReached)
{
    public bool IsRetired => RetiredAtUtc is not null;

    public bool HasLiveCertificate => Certificates.Any(c => c.Status is TerminalCertificateStatus.Valid or TerminalCertificateStatus.NotYetValid);

    /// <summary>A new certificate may be issued: not retired, and a first one only within the allowance.</summary>
    public bool CanIssue => !IsRetired && (HasLiveCertificate || !AllowanceReached);

    /// <summary>A message above the page (after a redirect), or an error of the last post.</summary>
    public string? Status { get; init; }

    public string? Error { get; init; }
}

/// <summary>端末の詳細, for a terminal of the acting facility only: null for any other id.</summary>
public sealed class TerminalDetailHandler(MioKarteDbContext db, TimeProvider time, Council.Shared.CouncilActorsHandler actors) : IUseCaseHandler
{
    public async Task<TerminalDetailView?> HandleAsync(Actor actor, Guid terminalId, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(actor);
        var facilityId = actor.Facility;
        var terminal = await db.Terminals.AsNoTracking().ForFacility(actor).SingleOrDefaultAsync(t => t.Id == terminalId, cancellationToken);
        if (terminal is null)
        {
            return null;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var certificates = await db.TerminalCertificates.AsNoTracking()
            .ForFacility(actor)
            .Where(c => c.TerminalId == terminalId)
            .OrderByDescending(c => c.IssuedAtUtc)
            .Select(c => new { c.Id, c.SerialNumber, c.IssuedAtUtc, c.IssuedBy, c.NotBeforeUtc, c.NotAfterUtc, c.LastUsedAtUtc, c.RevokedAtUtc, c.RevokedBy, c.RevocationReason })
            .ToListAsync(cancellationToken);
        var allowance = await db.Facilities.Where(f => f.Id == facilityId).Select(f => f.TerminalAllowance).SingleAsync(cancellationToken);
        var live = await TerminalAllowance.LiveCertificatesAsync(db, actor, now, cancellationToken);
        // People are named (氏名), not shown by their 利用者ID.
        var names = await actors.DisplayNamesAsync(
            certificates.SelectMany(c => new[] { c.IssuedBy, c.RevokedBy }).Append(terminal.RegisteredBy).Append(terminal.RetiredBy));
        string? Name(string? by) => by is null ? null : names.GetValueOrDefault(by, by);
        return new TerminalDetailView(
            terminal.Id, terminal.Name, terminal.Kind, terminal.Location, terminal.PersonInCharge, terminal.RegisteredAtUtc, Name(terminal.RegisteredBy)!,
            terminal.RetiredAtUtc, Name(terminal.RetiredBy), terminal.Version,
            certificates.Select(c => new TerminalCertificateRow(
                c.Id, c.SerialNumber, c.IssuedAtUtc, Name(c.IssuedBy)!, c.NotAfterUtc, c.LastUsedAtUtc,
                TerminalCertificate.StatusOf(c.RevokedAtUtc, c.NotBeforeUtc, c.NotAfterUtc, now), c.RevokedAtUtc, Name(c.RevokedBy), c.RevocationReason)).ToList(),
            live >= allowance);
    }
}
