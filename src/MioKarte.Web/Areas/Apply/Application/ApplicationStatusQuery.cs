using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;

namespace MioKarte.Web.Areas.Apply.Application;

public sealed record ApplicationStatusView(
    string Token,
    string ReceiptNumber,
    ApplicationStatus Status,
    string FacilityName,
    string AdministratorName,
    string AdministratorEmail,
    bool WithVpn,
    IReadOnlyList<ApplicationStatusView.Step> History,
    IReadOnlyList<string> FormTitles)
{
    public sealed record Step(ApplicationStatus Status, DateTime AtUtc, string? Comment);

    /// <summary>The council's comment of the latest return, shown while the application is returned.</summary>
    public string? ReturnComment => Status == ApplicationStatus.Returned ? History.LastOrDefault(h => h.Status == ApplicationStatus.Returned)?.Comment : null;

    public string? RejectReason => Status == ApplicationStatus.Rejected ? History.LastOrDefault(h => h.Status == ApplicationStatus.Rejected)?.Comment : null;
}

/// <summary>The applicant's status page: found by the hash of the token in the link, nothing else.</summary>
public sealed class ApplicationStatusHandler(MioKarteDbContext db)
{
    public async Task<ApplicationStatusView?> HandleAsync(string token)
    {
        var hash = ParticipationApplication.HashOfLinkToken(token);
        var application = hash is null ? null : await db.ParticipationApplications.AsNoTracking()
            .Include(a => a.Events)
            .SingleOrDefaultAsync(a => a.StatusTokenHash == hash);
        if (application is null)
        {
            return null;
        }

        return new ApplicationStatusView(
            token,
            application.ReceiptNumber,
            application.Status,
            application.Data.FacilityName,
            application.Data.AdministratorName,
            application.Data.AdministratorEmail,
            application.Data.Connection == ConnectionType.OnDemandVpn,
            [.. application.Events.OrderBy(e => e.Id).Select(e => new ApplicationStatusView.Step(e.Status, e.AtUtc, e.Comment))],
            [.. ApplicationPdfs.FormsFor(application.Data.Connection).Select(f => f.Title)]);
    }

    /// <summary>The application's forms as PDFs, rendered from the stored data (nothing is kept on disk).</summary>
    public async Task<RenderedPdf?> FormAsync(string token, int index)
    {
        var hash = ParticipationApplication.HashOfLinkToken(token);
        var application = hash is null ? null : await db.ParticipationApplications.AsNoTracking().SingleOrDefaultAsync(a => a.StatusTokenHash == hash);
        if (application is null)
        {
            return null;
        }

        // Only the requested form is drawn.
        var forms = ApplicationPdfs.FormsFor(application.Data.Connection);
        return index >= 0 && index < forms.Count
            ? forms[index].Render(application.Data.ToForm(application.ReceiptNumber, JapanTime.DateOf(application.SubmittedAtUtc)))
            : null;
    }
}
