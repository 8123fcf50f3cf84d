using System.Globalization;
using MioKarte.Core.Common;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;

namespace MioKarte.Core.Incidents;

/// <summary>
/// 事故報告 (duty ④ of the 管理責任者, section 3-2): a facility reports an event that harmed or may
/// have harmed the safety of the network's information — a lost or stolen terminal, suspected
/// unauthorised access, malware, a mail or screen shown to the wrong person. The council follows
/// it up: 報告済 → 対応中 → 完了, with comments from both sides kept as history rows.
/// The report names terminals (their certificates are revoked in the same save) and users; the
/// affected patients are described in free text only (how many, which kind of data), never by name.
/// </summary>
public sealed class SecurityIncident : IVersioned, IFacilityOwned
{
    public const int DescriptionMaxLength = 4000;
    public const int AffectedPatientsMaxLength = 1000;
    public const int MeasuresMaxLength = 4000;
    public const int CommentMaxLength = 2000;
    public const int ReferenceNumberLength = 16;

    private readonly List<IncidentTerminal> terminals = [];
    private readonly List<IncidentUser> users = [];
    private readonly List<IncidentEvent> events = [];

    private SecurityIncident()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>受付番号 shown to people and in the council's mail, e.g. <c>IR-20261123-1A2B</c> (the Japan date of the report).</summary>
    public string ReferenceNumber { get; private set; } = "";

    /// <summary>The report form's one-time key: a second POST of the same form finds this row instead of adding one.</summary>
    public Guid SubmissionKey { get; private set; }

    /// <summary>The reporting facility; every facility-side query filters by it.</summary>
    public Guid FacilityId { get; private set; }

    public IncidentKind Kind { get; private set; }

    /// <summary>When it happened (or was noticed), as the reporter typed it in Japan time; stored UTC.</summary>
    public DateTime OccurredAtUtc { get; private set; }

    /// <summary>What happened (経緯).</summary>
    public string Description { get; private set; } = "";

    /// <summary>Affected patients: a count and a description of the data concerned; no names.</summary>
    public string AffectedPatients { get; private set; } = "";

    /// <summary>講じた措置: what the facility has done so far.</summary>
    public string MeasuresTaken { get; private set; } = "";

    public DateTime ReportedAtUtc { get; private set; }

    /// <summary>利用者ID of the reporter.</summary>
    public string ReportedBy { get; private set; } = "";

    /// <summary>氏名 of the reporter when reported.</summary>
    public string ReportedByName { get; private set; } = "";

    public IncidentStatus Status { get; private set; }

    public DateTime UpdatedAtUtc { get; private set; }

    /// <summary>氏名 of whoever made the last change (for 「…がすでに変更しました」).</summary>
    public string UpdatedBy { get; private set; } = "";

    public Guid Version { get; private set; }

    public IReadOnlyList<IncidentTerminal> Terminals => terminals;

    public IReadOnlyList<IncidentUser> Users => users;

    /// <summary>History: the report, every comment and every status change, oldest first.</summary>
    public IReadOnlyList<IncidentEvent> Events => events;

    public static bool CanStartHandling(IncidentStatus status) => status == IncidentStatus.Reported;

    public static bool CanComplete(IncidentStatus status) => status is IncidentStatus.Reported or IncidentStatus.InProgress;

    public static bool CanComment(IncidentStatus status) => status switch
    {
        IncidentStatus.Reported => true,
        IncidentStatus.InProgress => true,
        IncidentStatus.Completed => false,
    };

    /// <summary>報告: a new incident, 報告済, with its first history row.</summary>
    public static SecurityIncident Report(IncidentReport report, IncidentActor reporter, Guid submissionKey, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(reporter);
        if (!Enum.IsDefined(report.Kind))
        {
            throw new WorkflowException($"{report.Kind} is not an incident kind.");
        }

        if (string.IsNullOrWhiteSpace(report.Description))
        {
            throw new WorkflowException("What happened is required.");
        }

        if (report.OccurredAtUtc > nowUtc)
        {
            throw new WorkflowException("An incident cannot have happened in the future.");
        }

        var id = Guid.NewGuid();
        var incident = new SecurityIncident
        {
            Id = id,
            ReferenceNumber = "IR-" + JapanTime.DateOf(nowUtc).ToString("yyyyMMdd", CultureInfo.InvariantCulture) + "-" + id.ToString("N")[..4].ToUpperInvariant(),
            SubmissionKey = submissionKey,
            FacilityId = report.FacilityId,
            Kind = report.Kind,
            OccurredAtUtc = report.OccurredAtUtc,
            Description = report.Description.Trim(),
            AffectedPatients = report.AffectedPatients?.Trim() ?? "",
            MeasuresTaken = report.MeasuresTaken?.Trim() ?? "",
            ReportedAtUtc = nowUtc,
            ReportedBy = reporter.UserName,
            ReportedByName = reporter.DisplayName,
            Status = IncidentStatus.Reported,
        };
        incident.terminals.AddRange(report.Terminals);
        incident.users.AddRange(report.Users);
        incident.Record(IncidentEventKind.Reported, reporter, null, nowUtc);
        return incident;
    }

    /// <summary>コメント: the council or the facility adds to the history; the status stays.</summary>
    public void Comment(IncidentActor actor, string comment, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (string.IsNullOrWhiteSpace(comment))
        {
            throw new WorkflowException("A comment needs text.");
        }

        if (!CanComment(Status))
        {
            throw new WorkflowException($"An incident in {Status} takes no comment.");
        }

        Record(IncidentEventKind.Commented, actor, comment.Trim(), nowUtc);
    }

    /// <summary>対応中にする (the council): 報告済 → 対応中, with an optional comment.</summary>
    public void StartHandling(IncidentActor actor, string? comment, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!CanStartHandling(Status))
        {
            throw new WorkflowException($"An incident in {Status} cannot be taken in hand.");
        }

        Status = IncidentStatus.InProgress;
        Record(IncidentEventKind.StartedHandling, actor, Blank(comment), nowUtc);
    }

    /// <summary>完了にする (the council): 報告済 or 対応中 → 完了, with an optional comment. Final.</summary>
    public void Complete(IncidentActor actor, string? comment, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(actor);
        if (!CanComplete(Status))
        {
            throw new WorkflowException($"An incident in {Status} cannot be completed.");
        }

        Status = IncidentStatus.Completed;
        Record(IncidentEventKind.Completed, actor, Blank(comment), nowUtc);
    }

    private static string? Blank(string? text) => string.IsNullOrWhiteSpace(text) ? null : text.Trim();

    private void Record(IncidentEventKind kind, IncidentActor actor, string? comment, DateTime nowUtc)
    {
        if (comment is { Length: > CommentMaxLength })
        {
            throw new WorkflowException($"A comment is at most {CommentMaxLength} characters.");
        }

        events.Add(new IncidentEvent(kind, Status, nowUtc, actor.UserName, actor.DisplayName, actor.IsCouncil, comment));
        UpdatedAtUtc = nowUtc;
        UpdatedBy = actor.DisplayName;
        Version = Guid.NewGuid();
    }
}

/// <summary>事故の種類.</summary>
public enum IncidentKind
{
    TerminalLostOrStolen,     // 端末の紛失・盗難
    SuspectedUnauthorisedAccess, // 不正アクセスの疑い
    Malware,                  // マルウェア感染
    MisdeliveryOrMisdisplay,  // 誤送信・誤表示
    Other,                    // その他
}

/// <summary>Where a report stands: 報告済 → 対応中 → 完了.</summary>
public enum IncidentStatus
{
    Reported,   // 報告済
    InProgress, // 対応中
    Completed,  // 完了
}

public enum IncidentEventKind
{
    Reported,        // 報告
    Commented,       // コメント
    StartedHandling, // 対応中にした
    Completed,       // 完了にした
}

/// <summary>Who acts on an incident: 利用者ID, 氏名, and whether on the council's side.</summary>
public sealed record IncidentActor(string UserName, string DisplayName, bool IsCouncil)
{
    /// <summary>The acting user as the history names them; whether they speak for the council is the caller's explicit choice.</summary>
    public static IncidentActor Of(Actor actor, bool isCouncil)
    {
        ArgumentNullException.ThrowIfNull(actor);
        return new IncidentActor(actor.UserName, actor.ShownName, isCouncil);
    }
}

/// <summary>What the facility reports; the terminals and users already chosen among its own.</summary>
public sealed record IncidentReport(
    Guid FacilityId,
    IncidentKind Kind,
    DateTime OccurredAtUtc,
    string Description,
    string? AffectedPatients,
    string? MeasuresTaken,
    IReadOnlyList<IncidentTerminal> Terminals,
    IReadOnlyList<IncidentUser> Users);

/// <summary>
/// A terminal named in a report, by its certificate, with the name and serial as they were; and
/// whether this report revoked the certificate (false when it was revoked already).
/// </summary>
public sealed class IncidentTerminal
{
    public IncidentTerminal(Guid certificateId, string terminalName, string serialNumber, bool revokedByReport)
    {
        CertificateId = certificateId;
        TerminalName = terminalName;
        SerialNumber = serialNumber;
        RevokedByReport = revokedByReport;
    }

    public int Id { get; private set; }

    public Guid CertificateId { get; private set; }

    public string TerminalName { get; private set; }

    public string SerialNumber { get; private set; }

    public bool RevokedByReport { get; private set; }
}

/// <summary>A facility user named in a report, with the 利用者ID and 氏名 as they were.</summary>
public sealed class IncidentUser
{
    public IncidentUser(string userId, string userName, string displayName)
    {
        UserId = userId;
        UserName = userName;
        DisplayName = displayName;
    }

    public int Id { get; private set; }

    public string UserId { get; private set; }

    public string UserName { get; private set; }

    public string DisplayName { get; private set; }
}

/// <summary>One row of an incident's history: who, when, what (and the status after it).</summary>
public sealed class IncidentEvent
{
    internal IncidentEvent(IncidentEventKind kind, IncidentStatus status, DateTime atUtc, string actor, string actorName, bool byCouncil, string? comment)
    {
        Kind = kind;
        Status = status;
        AtUtc = atUtc;
        Actor = actor;
        ActorName = actorName;
        ByCouncil = byCouncil;
        Comment = comment;
    }

    public int Id { get; private set; }

    public IncidentEventKind Kind { get; private set; }

    public IncidentStatus Status { get; private set; }

    public DateTime AtUtc { get; private set; }

    /// <summary>利用者ID.</summary>
    public string Actor { get; private set; }

    /// <summary>氏名 when it was done.</summary>
    public string ActorName { get; private set; }

    public bool ByCouncil { get; private set; }

    public string? Comment { get; private set; }
}
