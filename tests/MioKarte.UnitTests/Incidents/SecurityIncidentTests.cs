using MioKarte.Core.Common;
using MioKarte.Core.Incidents;

namespace MioKarte.UnitTests.Incidents;

public sealed class SecurityIncidentTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
    private static readonly IncidentActor Facility = new("facadmin", "管理 責任者", IsCouncil: false);
    private static readonly IncidentActor Council = new("council", "協議会 職員", IsCouncil: true);

    private static SecurityIncident Reported() => SecurityIncident.Report(
        new IncidentReport(Guid.NewGuid(), IncidentKind.TerminalLostOrStolen, Now.AddHours(-3), " iPadを紛失 ", "不明", "届出済み", [], []),
        Facility, Guid.NewGuid(), Now);

    [Fact]
    public void A_report_starts_as_reported_with_one_history_row_and_a_japan_dated_reference()
    {
        var incident = Reported();

        Assert.Equal(IncidentStatus.Reported, incident.Status);
        Assert.Equal("iPadを紛失", incident.Description);
        Assert.StartsWith("IR-20261123-", incident.ReferenceNumber, StringComparison.Ordinal);
        Assert.Equal(SecurityIncident.ReferenceNumberLength, incident.ReferenceNumber.Length);
        var first = Assert.Single(incident.Events);
        Assert.Equal((IncidentEventKind.Reported, "管理 責任者", false), (first.Kind, first.ActorName, first.ByCouncil));
    }

    [Fact]
    public void The_moves_go_reported_in_progress_completed_and_each_changes_the_version()
    {
        var incident = Reported();
        var versions = new List<Guid> { incident.Version };

        incident.Comment(Council, "確認します", Now.AddMinutes(1));
        versions.Add(incident.Version);
        incident.StartHandling(Council, null, Now.AddMinutes(2));
        versions.Add(incident.Version);
        incident.Complete(Council, "完了", Now.AddMinutes(3));
        versions.Add(incident.Version);

        Assert.Equal(IncidentStatus.Completed, incident.Status);
        Assert.Equal(4, versions.Distinct().Count());
        Assert.Equal("協議会 職員", incident.UpdatedBy);
        Assert.Equal([null, "確認します", null, "完了"], incident.Events.Select(e => e.Comment));
    }

    [Fact]
    public void A_completed_incident_takes_no_comment_and_no_move()
    {
        var incident = Reported();
        incident.Complete(Council, null, Now);

        Assert.Throws<WorkflowException>(() => incident.Comment(Facility, "追記", Now));
        Assert.Throws<WorkflowException>(() => incident.StartHandling(Council, null, Now));
        Assert.Throws<WorkflowException>(() => incident.Complete(Council, null, Now));
    }

    [Fact]
    public void An_incident_in_progress_cannot_be_taken_in_hand_again()
    {
        var incident = Reported();
        incident.StartHandling(Council, null, Now);

        Assert.Throws<WorkflowException>(() => incident.StartHandling(Council, null, Now));
        Assert.True(SecurityIncident.CanComplete(incident.Status));
    }

    [Fact]
    public void A_report_needs_a_description_a_past_time_and_a_known_kind()
    {
        var facility = Guid.NewGuid();
        Assert.Throws<WorkflowException>(() => SecurityIncident.Report(
            new IncidentReport(facility, IncidentKind.Other, Now, " ", "", "", [], []), Facility, Guid.NewGuid(), Now));
        Assert.Throws<WorkflowException>(() => SecurityIncident.Report(
            new IncidentReport(facility, IncidentKind.Other, Now.AddMinutes(1), "x", "", "", [], []), Facility, Guid.NewGuid(), Now));
        Assert.Throws<WorkflowException>(() => SecurityIncident.Report(
            new IncidentReport(facility, (IncidentKind)99, Now, "x", "", "", [], []), Facility, Guid.NewGuid(), Now));
    }

    [Fact]
    public void An_empty_comment_or_one_too_long_is_refused()
    {
        var incident = Reported();

        Assert.Throws<WorkflowException>(() => incident.Comment(Council, "  ", Now));
        Assert.Throws<WorkflowException>(() => incident.Comment(Council, new string('あ', SecurityIncident.CommentMaxLength + 1), Now));
        Assert.Single(incident.Events);
    }
}
