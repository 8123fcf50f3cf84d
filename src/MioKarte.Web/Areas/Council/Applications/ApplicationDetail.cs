using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Web.Areas.Council.Shared;

namespace MioKarte.Web.Areas.Council.Applications;

public sealed record ApplicationDetailView(
    Guid Id,
    string ReceiptNumber,
    ApplicationStatus Status,
    Guid Version,
    DateTime SubmittedAtUtc,
    DateTime UpdatedAtUtc,
    ParticipationApplicationData Data,
    IReadOnlyList<ApplicationDetailView.HistoryEntry> History,
    IReadOnlyList<string> FormTitles,
    ApplicationDetailView.Registration? RegistrationStep)
{
    /// <summary>One line of the history timeline: what happened, when, by whom, and the comment — or, for a 再提出, what it changed.</summary>
    public sealed record HistoryEntry(ApplicationStatus Status, DateTime AtUtc, string ActorName, string? Comment, IReadOnlyList<FieldChange>? Changes = null);

    /// <summary>The latest 再提出 (what it changed, old → new), or null when the application was never resubmitted.</summary>
    public HistoryEntry? LatestResubmission => History.LastOrDefault(h => h.Changes is not null);

    /// <summary>
    /// For an approved application: who approved it and whether the person looking may register it
    /// (with the four-eyes rule, the approver may not).
    /// </summary>
    public sealed record Registration(string ApprovedByName, bool RequireFourEyes, bool CurrentUserMayRegister);

    public bool CanMove(ApplicationMove move) => ParticipationApplication.CanMove(Status, move);
}

/// <summary>
/// 申込の詳細: every field the applicant stated, the printable forms, the history with names, and
/// what the signed-in council member may do next.
/// </summary>
public sealed class ApplicationDetailHandler(MioKarteDbContext db, CouncilActorsHandler actors, IOptions<CouncilOptions> council) : IUseCaseHandler
{
    public async Task<ApplicationDetailView?> HandleAsync(Guid id, Actor actor)
    {
        var application = await db.ParticipationApplications.AsNoTracking()
            .Include(a => a.Events)
            .SingleOrDefaultAsync(a => a.Id == id);
        if (application is null)
        {
            return null;
        }

        var history = application.InOrder().ToList();
        var names = await actors.DisplayNamesAsync(history.Select(e => e.Actor));
        ApplicationDetailView.Registration? registration = null;
        if (application.Status == ApplicationStatus.Approved)
        {
            var approver = application.ApprovedBy ?? "";
            var fourEyes = council.Value.RequireFourEyes;
            registration = new ApplicationDetailView.Registration(
                names.GetValueOrDefault(approver, approver),
                fourEyes,
                !fourEyes || !string.Equals(approver, actor.UserName, StringComparison.Ordinal));
        }

        return new ApplicationDetailView(
            application.Id,
            application.ReceiptNumber,
            application.Status,
            application.Version,
            application.SubmittedAtUtc,
            application.UpdatedAtUtc,
            application.Data,
            [.. history.Select(e => ApplicationChanges.FromComment(e.Comment) is { } changes
                ? new ApplicationDetailView.HistoryEntry(e.Status, e.AtUtc, names.GetValueOrDefault(e.Actor, e.Actor), null, changes)
                : new ApplicationDetailView.HistoryEntry(e.Status, e.AtUtc, names.GetValueOrDefault(e.Actor, e.Actor), e.Comment))],
            [.. ApplicationPdfs.FormsFor(application.Data.Connection).Select(f => f.Title)],
            registration);
    }

    /// <summary>One of the application's forms as a PDF, drawn from the stored data; null for an unknown id or index.</summary>
    public async Task<RenderedPdf?> FormAsync(Guid id, int index)
    {
        var application = await db.ParticipationApplications.AsNoTracking()
            .Where(a => a.Id == id)
            .Select(a => new { a.ReceiptNumber, a.SubmittedAtUtc, a.Data })
            .SingleOrDefaultAsync();
        return application is null ? null : ApplicationPdfs.RenderStored(application.Data, application.ReceiptNumber, application.SubmittedAtUtc, index);
    }
}

/// <summary>How a changed field of an application reads on the council's page: its label and its values in Japanese.</summary>
public static class ApplicationChangeText
{
    public static string Label(Microsoft.Extensions.Localization.IStringLocalizer text, string field)
    {
        ArgumentNullException.ThrowIfNull(text);
        var label = text["Apply.Field." + field];
        return label.ResourceNotFound ? field : label.Value;
    }

    /// <summary>The value as the form showed it: enums and yes/no in words, empty as 「（なし）」, a value not kept as 「（記録なし）」.</summary>
    public static string Value(Microsoft.Extensions.Localization.IStringLocalizer text, string field, string? value, bool valuesKept)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!valuesKept)
        {
            return text["Council.Changes.NotKept"];
        }

        if (string.IsNullOrEmpty(value))
        {
            return text["Council.Changes.Empty"];
        }

        var prefix = field switch
        {
            nameof(ParticipationApplicationData.FacilityType) => "FacilityType.",
            nameof(ParticipationApplicationData.Connection) => "ConnectionType.",
            nameof(ParticipationApplicationData.BankAccountType) => "BankAccountType.",
            _ => null,
        };
        if (prefix is not null && text[prefix + value] is { ResourceNotFound: false } named)
        {
            return named.Value;
        }

        return value switch
        {
            "true" => text["Council.Changes.Yes"],
            "false" => text["Council.Changes.No"],
            _ => value,
        };
    }
}
