using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Pki;
using MioKarte.Core.Text;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Certificates;

/// <summary>Which certificates the list shows.</summary>
public enum CertificateFilter
{
    All,
    Valid,   // 有効: not revoked, within its validity
    Revoked, // 失効
    Expired, // 期限切れ (not revoked)
}

/// <summary>The list's filter and page, as they travel in the query string.</summary>
public sealed record CertificateListQuery(string? Facility, CertificateFilter Status, int Page)
{
    /// <summary>施設コード typed as the council reads it (full-width, lower case) becomes V00042.</summary>
    public string? FacilityPrefix => JapaneseText.Clean(Facility)?.ToUpperInvariant() is { Length: > 0 } code
        ? code[..Math.Min(code.Length, FacilityCode.MaxLength)]
        : null;
}

public sealed record CertificateListRow(
    Guid Id,
    string FacilityCode,
    string? FacilityName,
    string TerminalName,
    string SerialNumber,
    DateTime NotBeforeUtc,
    DateTime NotAfterUtc,
    TerminalCertificateStatus Status,
    DateTime? RevokedAtUtc);

public sealed record CertificateListPage(CertificateListQuery Query, IReadOnlyList<CertificateListRow> Rows, int Total, int Page, int PageCount)
{
    public int FirstShown => Total == 0 ? 0 : ((Page - 1) * ListCertificatesHandler.PageSize) + 1;

    public int LastShown => ((Page - 1) * ListCertificatesHandler.PageSize) + Rows.Count;

    /// <summary>The list's address with the current filter on page <paramref name="page"/>.</summary>
    public string LinkTo(int page)
    {
        var parts = new List<string>();
        if (Query.FacilityPrefix is { } facility)
        {
            parts.Add("facility=" + Uri.EscapeDataString(facility));
        }

        if (Query.Status != CertificateFilter.All)
        {
            parts.Add("status=" + Query.Status);
        }

        if (page > 1)
        {
            parts.Add("page=" + page.ToString(CultureInfo.InvariantCulture));
        }

        return "/council/certificates" + (parts.Count == 0 ? "" : "?" + string.Join('&', parts));
    }
}

/// <summary>発行済み証明書の一覧: every terminal certificate, newest first, filtered by facility code and status.</summary>
public sealed class ListCertificatesHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public const int PageSize = 50;

    public async Task<CertificateListPage> HandleAsync(CertificateListQuery query, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(query);
        var now = time.GetUtcNow().UtcDateTime;
        var certificates = db.TerminalCertificates.AsNoTracking();
        if (query.FacilityPrefix is { } prefix)
        {
            certificates = certificates.Where(c => c.FacilityCode.StartsWith(prefix));
        }

        certificates = query.Status switch
        {
            CertificateFilter.All => certificates,
            CertificateFilter.Valid => certificates.Where(c => c.RevokedAtUtc == null && c.NotBeforeUtc <= now && c.NotAfterUtc > now),
            CertificateFilter.Revoked => certificates.Where(c => c.RevokedAtUtc != null),
            CertificateFilter.Expired => certificates.Where(c => c.RevokedAtUtc == null && c.NotAfterUtc <= now),
        };

        var shown = await certificates
            .OrderByDescending(c => c.IssuedAtUtc).ThenBy(c => c.SerialNumber)
            .Select(c => new
            {
                c.Id,
                c.FacilityCode,
                FacilityName = db.Facilities.Where(f => f.Id == c.FacilityId).Select(f => f.Name).FirstOrDefault(),
                c.TerminalName,
                c.SerialNumber,
                c.NotBeforeUtc,
                c.NotAfterUtc,
                c.RevokedAtUtc,
            })
            .PageAsync(query.Page, PageSize, cancellationToken);
        return new CertificateListPage(
            query,
            [.. shown.Rows.Select(r => new CertificateListRow(
                r.Id, r.FacilityCode, r.FacilityName, r.TerminalName, r.SerialNumber, r.NotBeforeUtc, r.NotAfterUtc,
                TerminalCertificate.StatusOf(r.RevokedAtUtc, r.NotBeforeUtc, r.NotAfterUtc, now), r.RevokedAtUtc))],
            shown.Total,
            shown.Page,
            shown.PageCount);
    }
}
