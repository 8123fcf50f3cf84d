using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Facilities;
using MioKarte.UnitTests.Applications;

namespace MioKarte.UnitTests.Facilities;

public sealed class FacilityTests
{
    private static readonly DateTime Registered = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Later = Registered.AddDays(3);

    public static TheoryData<FacilityStatus, FacilityEventKind, bool> Moves => new()
    {
        { FacilityStatus.Active, FacilityEventKind.Suspended, true },
        { FacilityStatus.Active, FacilityEventKind.Reinstated, false },
        { FacilityStatus.Active, FacilityEventKind.Withdrawn, true },
        { FacilityStatus.Suspended, FacilityEventKind.Suspended, false },
        { FacilityStatus.Suspended, FacilityEventKind.Reinstated, true },
        { FacilityStatus.Suspended, FacilityEventKind.Withdrawn, true },
        { FacilityStatus.Withdrawn, FacilityEventKind.Suspended, false },
        { FacilityStatus.Withdrawn, FacilityEventKind.Reinstated, false },
        { FacilityStatus.Withdrawn, FacilityEventKind.Withdrawn, false },
    };

    [Theory]
    [MemberData(nameof(Moves))]
    public void Each_move_is_allowed_only_from_the_statuses_it_belongs_to(FacilityStatus from, FacilityEventKind move, bool legal)
    {
        var facility = FacilityIn(from);
        var version = facility.Version;
        var events = facility.Events.Count;

        var attempt = Record.Exception(() => Apply(facility, move));

        Assert.Equal(legal, Facility.CanMove(from, move));
        if (legal)
        {
            Assert.Null(attempt);
            Assert.NotEqual(version, facility.Version);
            Assert.Equal(events + 1, facility.Events.Count);
            Assert.Equal(move, facility.Events[^1].Kind);
        }
        else
        {
            Assert.IsType<WorkflowException>(attempt);
            Assert.Equal(from, facility.Status);
            Assert.Equal(version, facility.Version);
            Assert.Equal(events, facility.Events.Count);
        }
    }

    [Fact]
    public void A_new_facility_is_active_and_its_history_starts_with_the_registration()
    {
        var facility = NewFacility();

        Assert.True(facility.IsActive);
        var registered = Assert.Single(facility.Events);
        Assert.Equal((FacilityEventKind.Registered, FacilityStatus.Active, "council-a", Registered), (registered.Kind, registered.Status, registered.Actor, registered.AtUtc));
    }

    [Fact]
    public void A_facility_registered_from_an_application_takes_its_data_and_allowances()
    {
        var application = ParticipationApplicationTests.InStatus(ApplicationStatus.Approved);

        var facility = Facility.RegisterViewing(application, "V00042", "council-b", Later);

        Assert.Equal(("V00042", FacilityRole.Viewing, application.Data.FacilityName, application.Id), (facility.Code, facility.Role, facility.Name, facility.ApplicationId));
        Assert.Equal(application.Data.UserCount, facility.UserAllowance);
        Assert.Equal(application.Data.PcTerminalCount + application.Data.IpadTerminalCount, facility.TerminalAllowance);
        Assert.Equal(FacilityEventKind.Registered, Assert.Single(facility.Events).Kind);
    }

    [Fact]
    public void A_suspension_records_who_when_and_why_and_reinstatement_clears_the_current_reason()
    {
        var facility = NewFacility();

        facility.Suspend("council-b", "  利用料の未納  ", Later);

        Assert.Equal(FacilityStatus.Suspended, facility.Status);
        Assert.Equal(("council-b", Later, "利用料の未納"), (facility.StatusChangedBy, facility.StatusChangedAtUtc, facility.StatusReason));
        var suspended = facility.Events[^1];
        Assert.Equal((FacilityEventKind.Suspended, FacilityStatus.Suspended, "council-b", "利用料の未納"), (suspended.Kind, suspended.Status, suspended.Actor, suspended.Reason));

        facility.Reinstate("council-a", Later.AddHours(1));

        Assert.True(facility.IsActive);
        Assert.Null(facility.StatusReason);
        Assert.Equal("利用料の未納", facility.Events.Single(e => e.Kind == FacilityEventKind.Suspended).Reason);
        Assert.Equal(FacilityEventKind.Reinstated, facility.Events[^1].Kind);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Suspension_and_withdrawal_need_a_reason(string reason)
    {
        var facility = NewFacility();

        Assert.Throws<WorkflowException>(() => facility.Suspend("council-a", reason, Later));
        Assert.Throws<WorkflowException>(() => facility.Withdraw("council-a", reason, Later));
        Assert.Equal(FacilityStatus.Active, facility.Status);
    }

    [Fact]
    public void A_reason_longer_than_the_column_is_refused()
    {
        var facility = NewFacility();

        Assert.Throws<WorkflowException>(() => facility.Suspend("council-a", new string('理', Facility.MaxReasonLength + 1), Later));
        facility.Suspend("council-a", new string('理', Facility.MaxReasonLength), Later);
        Assert.Equal(FacilityStatus.Suspended, facility.Status);
    }

    [Fact]
    public void Withdrawal_is_final_even_for_contact_changes()
    {
        var facility = NewFacility();
        facility.Withdraw("council-a", "閉院のため", Later);

        Assert.Throws<WorkflowException>(() => facility.Reinstate("council-a", Later));
        Assert.Throws<WorkflowException>(() => facility.UpdateContacts("council-a", "193-0001", "東京都八王子市1-1", "042-000-0000", Later));
        Assert.Equal(FacilityStatus.Withdrawn, facility.Status);
    }

    [Fact]
    public void Contact_changes_keep_the_status_and_are_recorded()
    {
        var facility = NewFacility();
        facility.Suspend("council-a", "確認中", Later);
        var version = facility.Version;

        facility.UpdateContacts("council-b", "193-0001", "東京都八王子市1-1", "042-000-0000", Later);

        Assert.Equal(("193-0001", "東京都八王子市1-1", "042-000-0000"), (facility.PostalCode, facility.Address, facility.Phone));
        Assert.Equal(FacilityStatus.Suspended, facility.Status);
        Assert.NotEqual(version, facility.Version);
        Assert.Equal((FacilityEventKind.ContactsChanged, "council-b"), (facility.Events[^1].Kind, facility.Events[^1].Actor));
    }

    [Fact]
    public void Registration_is_never_a_move_from_any_status()
    {
        Assert.All(Enum.GetValues<FacilityStatus>(), status => Assert.False(Facility.CanMove(status, FacilityEventKind.Registered)));
    }

    private static void Apply(Facility facility, FacilityEventKind move)
    {
        switch (move)
        {
            case FacilityEventKind.Suspended:
                facility.Suspend("council-b", "理由", Later);
                break;
            case FacilityEventKind.Reinstated:
                facility.Reinstate("council-b", Later);
                break;
            case FacilityEventKind.Withdrawn:
                facility.Withdraw("council-b", "理由", Later);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(move));
        }
    }

    private static Facility FacilityIn(FacilityStatus status)
    {
        var facility = NewFacility();
        switch (status)
        {
            case FacilityStatus.Suspended:
                facility.Suspend("council-a", "準備", Registered);
                break;
            case FacilityStatus.Withdrawn:
                facility.Withdraw("council-a", "準備", Registered);
                break;
            case FacilityStatus.Active:
                break;
        }

        Assert.Equal(status, facility.Status);
        return facility;
    }

    private static Facility NewFacility() => Facility.Create(
        "V00001", "南多摩クリニック", "ミナミタマクリニック", FacilityType.Clinic, FacilityRole.Viewing, "1310000029",
        "193-0833", "東京都八王子市めじろ台1-1", "042-600-0002", 5, 3, "council-a", Registered);
}
