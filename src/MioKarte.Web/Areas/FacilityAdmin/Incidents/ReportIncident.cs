using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Core.Incidents;
using MioKarte.Core.Mail;
using MioKarte.Core.Pki;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.FacilityAdmin.Incidents;

/// <summary>The report form as posted. <see cref="OccurredAt"/> is Japan time as a datetime-local input sends it.</summary>
public sealed class IncidentInput
{
    public string? Kind { get; set; }

    public string? OccurredAt { get; set; }

    public string? Description { get; set; }

    public string? AffectedPatients { get; set; }

    public string? MeasuresTaken { get; set; }

    /// <summary>Ids of the facility's terminal certificates to revoke.</summary>
    public List<Guid> Terminals { get; set; } = [];

    /// <summary>Ids of the facility's users concerned.</summary>
    public List<string> Users { get; set; } = [];
}

/// <summary>
/// What the form offers: every terminal of the facility that was ever issued a certificate, live or
/// not (a lost iPad may have been revoked at once, as the guide advises, before it is reported), and
/// its users.
/// </summary>
public sealed record IncidentChoices(IReadOnlyList<TerminalChoice> Terminals, IReadOnlyList<UserChoice> Users);

/// <summary>
/// A terminal by its newest certificate (a terminal never holds two live ones): reporting it revokes
/// that certificate when it is still live; a revoked or expired one is recorded as it is.
/// </summary>
public sealed record TerminalChoice(
    Guid CertificateId, string TerminalName, string SerialNumber, DateTime IssuedAtUtc, DateTime NotAfterUtc, TerminalCertificateStatus Status, DateTime? RevokedAtUtc)
{
    public bool IsLive => Status is TerminalCertificateStatus.Valid or TerminalCertificateStatus.NotYetValid;
}

public sealed record UserChoice(string UserId, string UserName, string DisplayName);

/// <summary>The report page: the input so far, its one-time key, the choices and the errors by field (resource keys).</summary>
public sealed record IncidentFormPage(IncidentInput Input, Guid SubmissionKey, IncidentChoices Choices)
{
    public IReadOnlyDictionary<string, string> Errors { get; init; } = new Dictionary<string, string>();

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var message) ? message : null;
}

public abstract record ReportIncidentOutcome
{
    private ReportIncidentOutcome()
    {
    }

    /// <summary>Field → resource key of the message.</summary>
    public sealed record Invalid(IReadOnlyDictionary<string, string> Errors) : ReportIncidentOutcome;

    /// <summary>Reported now, or earlier by the same form (a double click, a retry).</summary>
    public sealed record Reported(Guid Id) : ReportIncidentOutcome;

    /// <summary>The submission key belongs to another facility's report (a forged form).</summary>
    public sealed record Refused : ReportIncidentOutcome;
}

/// <summary>The terminals (each by its newest certificate) and users of one facility, for the report form and its checks.</summary>
public sealed class IncidentChoicesHandler(MioKarteDbContext db, TimeProvider time) : IUseCaseHandler
{
    public async Task<IncidentChoices> HandleAsync(IActingFacility acting, CancellationToken cancellationToken = default)
    {
        var now = time.GetUtcNow().UtcDateTime;
        // A facility holds a handful of terminals: its certificates are read and the newest per terminal kept here.
        var certificates = await db.TerminalCertificates.AsNoTracking()
            .ForFacility(acting)
            .Select(c => new { c.Id, c.TerminalId, c.TerminalName, c.SerialNumber, c.IssuedAtUtc, c.NotBeforeUtc, c.NotAfterUtc, c.RevokedAtUtc })
            .ToListAsync(cancellationToken);
        var terminals = certificates
            .GroupBy(c => c.TerminalId)
            .Select(g => g.OrderByDescending(c => c.IssuedAtUtc).ThenByDescending(c => c.NotAfterUtc).First())
            .Select(c => new TerminalChoice(
                c.Id, c.TerminalName, c.SerialNumber, c.IssuedAtUtc, c.NotAfterUtc,
                TerminalCertificate.StatusOf(c.RevokedAtUtc, c.NotBeforeUtc, c.NotAfterUtc, now), c.RevokedAtUtc))
            .OrderByDescending(t => t.IsLive).ThenBy(t => t.TerminalName, StringComparer.Ordinal).ThenBy(t => t.IssuedAtUtc)
            .ToList();
        var users = await db.Users.AsNoTracking()
            .ForFacility(acting)
            .OrderBy(u => u.DisplayNameKana).ThenBy(u => u.UserName)
            .Select(u => new UserChoice(u.Id, u.UserName ?? "", u.DisplayName))
            .ToListAsync(cancellationToken);
        return new IncidentChoices(terminals, users);
    }
}

/// <summary>
/// 事故報告 (duty ④ of section 3-2). In one save: the incident with its first history row, the
/// revocation (失効, reason keyCompromise) of every terminal certificate the administrator chose, and
/// the council's notification in the outbox; then the CRL is published at once so the revoked
/// terminals are refused from the next request. A second POST of the same form (its submission
/// key) finds the first report and changes nothing: no second incident, no second revocation.
/// The mail names the facility, kind and times only: the report's text may hold patient data.
/// </summary>
public sealed class ReportIncidentHandler(
    MioKarteDbContext db,
    NetworkCertificateAuthority ca,
    IncidentChoicesHandler choices,
    TimeProvider time,
    MailText text,
    IOptions<MailOptions> mail,
    ILogger<ReportIncidentHandler> logger) : IUseCaseHandler
{
    public async Task<ReportIncidentOutcome> HandleAsync(
        IActingFacility acting, IncidentActor reporter, IncidentInput input, Guid submissionKey, Func<Guid, string> councilUrl,
        CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(acting);
        ArgumentNullException.ThrowIfNull(reporter);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(councilUrl);
        var facilityId = acting.FacilityId;
        if (await AlreadyStoredAsync(submissionKey, facilityId, cancellationToken) is { } stored)
        {
            return stored;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var offered = await choices.HandleAsync(acting, cancellationToken);
        var (report, errors) = Validate(facilityId, input, offered, now);
        if (report is null)
        {
            // A copy of this very form may have been stored meanwhile (e.g. the terminal was reissued
            // since, so its certificate is no longer the one offered): answer with that report.
            return await AlreadyStoredAsync(submissionKey, facilityId, cancellationToken) ?? new ReportIncidentOutcome.Invalid(errors);
        }

        var facility = await db.Facilities.AsNoTracking().Where(f => f.Id == facilityId)
            .Select(f => new { f.Code, f.Name }).SingleAsync(cancellationToken);
        var chosen = report.Terminals.Select(t => t.CertificateId).ToList();
        for (var attempt = 1; ; attempt++)
        {
            var revoked = chosen.Count == 0 ? [] : await ca.RevokeWithoutSavingAsync(
                acting, c => chosen.Contains(c.Id), reporter.UserName, CertificateRevocationReason.KeyCompromise, cancellationToken);
            var incident = SecurityIncident.Report(
                report with
                {
                    Terminals = revoked.Select(r => new IncidentTerminal(r.Certificate.Id, r.Certificate.TerminalName, r.Certificate.SerialNumber, r.RevokedNow)).ToList(),
                },
                reporter, submissionKey, now);
            db.SecurityIncidents.Add(incident);
            db.OutboxMessages.Add(OutboxMessage.Create(
                "IncidentReported",
                mail.Value.CouncilAddress,
                text["Mail.CouncilName"],
                text["Mail.IncidentReported.Subject", incident.ReferenceNumber, text["IncidentKind." + incident.Kind]],
                text["Mail.IncidentReported.Body",
                    incident.ReferenceNumber,
                    facility.Name,
                    facility.Code,
                    text["IncidentKind." + incident.Kind],
                    JapanTime.Format(incident.OccurredAtUtc),
                    JapanTime.Format(now),
                    reporter.DisplayName,
                    revoked.Count(r => r.RevokedNow),
                    councilUrl(incident.Id)],
                now));
            try
            {
                await db.SaveChangesAsync(cancellationToken);
                logger.LogInformation(
                    "Incident {IncidentId} ({Kind}) reported by facility {FacilityId}; {Revoked} terminal certificate(s) revoked",
                    incident.Id, incident.Kind, facilityId, revoked.Count(r => r.RevokedNow));
                await ca.CurrentCrlAsync(cancellationToken);
                return new ReportIncidentOutcome.Reported(incident.Id);
            }
            catch (DbUpdateException) when (attempt < 3)
            {
                // The same form arrived twice at once (the other request stored it), or someone
                // revoked one of the certificates meanwhile: nothing of this attempt was saved.
                db.ChangeTracker.Clear();
                if (await AlreadyStoredAsync(submissionKey, facilityId, cancellationToken) is { } raced)
                {
                    return raced;
                }
            }
        }
    }

    /// <summary>Checks the form against the facility's own choices; the report, or the errors by field.</summary>
    public static (IncidentReport? Report, IReadOnlyDictionary<string, string> Errors) Validate(
        Guid facilityId, IncidentInput input, IncidentChoices choices, DateTime nowUtc)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(choices);
        var errors = new Dictionary<string, string>();
        IncidentKind? kind = Enum.TryParse<IncidentKind>(input.Kind, out var parsed) && Enum.IsDefined(parsed) && !int.TryParse(input.Kind, out _)
            ? parsed
            : null;
        if (kind is null)
        {
            errors["Kind"] = "Incident.Error.Kind";
        }

        DateTime? occurredUtc = null;
        if (string.IsNullOrWhiteSpace(input.OccurredAt))
        {
            errors["OccurredAt"] = "Incident.Error.OccurredAtRequired";
        }
        else if (!JapaneseDate.TryParseDateTime(input.OccurredAt, DateBounds.Any, out var local, out _))
        {
            errors["OccurredAt"] = "Incident.Error.OccurredAtFormat";
        }
        else if (JapanTime.ToUtc(local) is var utc && utc > nowUtc)
        {
            errors["OccurredAt"] = "Incident.Error.OccurredAtFuture";
        }
        else
        {
            occurredUtc = utc;
        }

        Text(input.Description, "Description", SecurityIncident.DescriptionMaxLength, errors);
        Text(input.AffectedPatients, "AffectedPatients", SecurityIncident.AffectedPatientsMaxLength, errors);
        Text(input.MeasuresTaken, "MeasuresTaken", SecurityIncident.MeasuresMaxLength, errors);

        var chosenTerminals = input.Terminals.Distinct().ToList();
        var terminals = choices.Terminals.Where(t => chosenTerminals.Contains(t.CertificateId)).ToList();
        if (terminals.Count != chosenTerminals.Count)
        {
            errors["Terminals"] = "Incident.Error.TerminalUnknown";
        }
        else if (kind == IncidentKind.TerminalLostOrStolen && terminals.Count == 0)
        {
            errors["Terminals"] = "Incident.Error.TerminalRequired";
        }

        var chosenUsers = input.Users.Distinct(StringComparer.Ordinal).ToList();
        var users = choices.Users.Where(u => chosenUsers.Contains(u.UserId)).ToList();
        if (users.Count != chosenUsers.Count)
        {
            errors["Users"] = "Incident.Error.UserUnknown";
        }

        if (errors.Count > 0 || kind is null || occurredUtc is null)
        {
            return (null, errors);
        }

        return (new IncidentReport(
            facilityId, kind.Value, occurredUtc.Value, input.Description!, input.AffectedPatients, input.MeasuresTaken,
            terminals.Select(t => new IncidentTerminal(t.CertificateId, t.TerminalName, t.SerialNumber, revokedByReport: false)).ToList(),
            users.Select(u => new IncidentUser(u.UserId, u.UserName, u.DisplayName)).ToList()), errors);
    }

    private static void Text(string? value, string field, int maxLength, Dictionary<string, string> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            errors[field] = $"Incident.Error.{field}Required";
        }
        else if (value.Trim().Length > maxLength)
        {
            errors[field] = $"Incident.Error.{field}TooLong";
        }
    }

    /// <summary>
    /// The answer for a form whose submission key is already stored: its incident (a double submit
    /// is harmless), or refused when the key belongs to another facility's report; null when new.
    /// </summary>
    private async Task<ReportIncidentOutcome?> AlreadyStoredAsync(Guid submissionKey, Guid facilityId, CancellationToken cancellationToken) =>
        await db.SecurityIncidents.AsNoTracking().Where(i => i.SubmissionKey == submissionKey)
            .Select(i => new { i.Id, i.FacilityId })
            .SingleOrDefaultAsync(cancellationToken) is { } found
            ? found.FacilityId == facilityId ? new ReportIncidentOutcome.Reported(found.Id) : new ReportIncidentOutcome.Refused()
            : null;
}
