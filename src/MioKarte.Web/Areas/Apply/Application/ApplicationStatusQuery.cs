using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Areas.Apply.Application;

public sealed record ApplicationStatusView(
    string Token,
    string ReceiptNumber,
    ApplicationStatus Status,
    string FacilityName,
    string AdministratorEmail,
    IReadOnlyList<ApplicationStatusView.Step> History,
    IReadOnlyList<ApplicationFormKind> Forms)
{
    public sealed record Step(ApplicationStatus Status, DateTime AtUtc, string? Comment);

    /// <summary>The council's comment of the latest return, shown while the application is returned.</summary>
    public string? ReturnComment => Status == ApplicationStatus.Returned ? History.LastOrDefault(h => h.Status == ApplicationStatus.Returned)?.Comment : null;

    public string? RejectReason => Status == ApplicationStatus.Rejected ? History.LastOrDefault(h => h.Status == ApplicationStatus.Rejected)?.Comment : null;
}

/// <summary>The applicant's status page: found by the hash of the token in the link, nothing else.</summary>
public sealed class ApplicationStatusHandler(MioKarteDbContext db) : IUseCaseHandler
{
    public async Task<ApplicationStatusView?> HandleAsync(string token)
    {
        var application = await db.ParticipationApplications.AsNoTracking().Include(a => a.Events).FindByStatusTokenAsync(token);
        if (application is null)
        {
            return null;
        }

        return new ApplicationStatusView(
            token,
            application.ReceiptNumber,
            application.Status,
            application.Data.FacilityName,
            application.Data.AdministratorEmail,
            [.. application.Events.OrderBy(e => e.Id).Select(e => new ApplicationStatusView.Step(e.Status, e.AtUtc, e.Comment))],
            ApplicationPdfs.FormsFor(application.Data.Connection));
    }

    /// <summary>The application's forms as PDFs, rendered from the stored data (nothing is kept on disk).</summary>
    public async Task<RenderedPdf?> FormAsync(string token, int index)
    {
        var application = await db.ParticipationApplications.AsNoTracking().FindByStatusTokenAsync(token);
        return application is null
            ? null
            : ApplicationPdfs.RenderStored(application.Data, application.ReceiptNumber, application.SubmittedAtUtc, index);
    }
}

/// <summary>The applicant's status link: every page it opens finds the application the same way.</summary>
internal static class StatusLink
{
    /// <summary>
    /// The application whose status token is <paramref name="token"/>, found by the token's hash; null
    /// for an unknown token, or for text that cannot be a token (no database query then).
    /// </summary>
    public static async Task<ParticipationApplication?> FindByStatusTokenAsync(this IQueryable<ParticipationApplication> applications, string token) =>
        LinkToken.HashOf(token) is { } hash
            ? await applications.SingleOrDefaultAsync(a => a.StatusTokenHash == hash)
            : null;
}
