using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Identity;

namespace MioKarte.UnitTests.Applications;

public sealed class ParticipationApplicationTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_submitted_application_is_received_and_waits_for_the_sealed_originals()
    {
        var (application, token) = Submit();

        Assert.Equal(ApplicationStatus.AwaitingDocuments, application.Status);
        Assert.Equal([ApplicationStatus.Received, ApplicationStatus.AwaitingDocuments], application.Events.Select(e => e.Status));
        Assert.Equal(LinkToken.Hash(token), application.StatusTokenHash);
        Assert.NotEqual(LinkToken.Hash(token + "x"), application.StatusTokenHash);
        Assert.DoesNotContain(token, application.StatusTokenHash, StringComparison.Ordinal);
    }

    [Fact]
    public void The_whole_happy_path_records_each_step_with_its_actor()
    {
        var (application, _) = Submit();

        application.ReceiveDocuments("council-a", Now);
        application.Approve("council-a", Now);
        application.CompleteRegistration("council-b", Now, requireFourEyes: true);

        Assert.Equal(ApplicationStatus.Registered, application.Status);
        Assert.Equal("council-b", application.Events[^1].Actor);
        Assert.True(ParticipationApplication.IsFinal(application.Status));
    }

    [Fact]
    public void A_returned_application_shows_the_comment_and_goes_back_to_review_when_corrected()
    {
        var (application, _) = Submit();
        application.ReceiveDocuments("council-a", Now);

        application.Return("council-a", "開設者の印がありません。", Now);
        application.Resubmit(SampleData() with { FounderTitle = "院長" }, Now);

        Assert.Equal(ApplicationStatus.UnderReview, application.Status);
        Assert.Equal("開設者の印がありません。", application.Events.Single(e => e.Status == ApplicationStatus.Returned).Comment);
        Assert.Equal("院長", application.Data.FounderTitle);
    }

    [Fact]
    public void Approve_rejects_an_application_that_was_never_reviewed()
    {
        var (application, _) = Submit();

        Assert.Throws<WorkflowException>(() => application.Approve("council-a", Now));
        Assert.Equal(ApplicationStatus.AwaitingDocuments, application.Status);
    }

    [Fact]
    public void Approve_rejects_an_already_approved_application()
    {
        var (application, _) = Submit();
        application.ReceiveDocuments("council-a", Now);
        application.Approve("council-a", Now);

        Assert.Throws<WorkflowException>(() => application.Approve("council-b", Now));
    }

    [Fact]
    public void A_return_or_rejection_needs_a_reason()
    {
        var (application, _) = Submit();
        application.ReceiveDocuments("council-a", Now);

        Assert.Throws<WorkflowException>(() => application.Return("council-a", " ", Now));
        Assert.Throws<WorkflowException>(() => application.Reject("council-a", "", Now));
        Assert.Equal(ApplicationStatus.UnderReview, application.Status);
    }

    [Fact]
    public void A_registered_application_can_no_longer_be_rejected()
    {
        var (application, _) = Submit();
        application.ReceiveDocuments("a", Now);
        application.Approve("a", Now);
        application.CompleteRegistration("b", Now, requireFourEyes: true);

        Assert.Throws<WorkflowException>(() => application.Reject("a", "理由", Now));
    }

    [Fact]
    public void Every_move_changes_the_concurrency_version()
    {
        var (application, _) = Submit();
        var before = application.Version;

        application.ReceiveDocuments("a", Now);

        Assert.NotEqual(before, application.Version);
    }

    [Fact]
    public void The_printable_form_carries_the_bank_account_only_with_the_VPN()
    {
        var internet = SampleData().ToForm("MK-2026-000001", new DateOnly(2026, 11, 23));
        var vpn = (SampleData() with
        {
            Connection = ConnectionType.OnDemandVpn,
            BankName = "八王子信用金庫",
            BankBranchName = "散田支店",
            BankAccountType = BankAccountType.Ordinary,
            BankAccountNumber = "1234567",
            BankAccountHolderKana = "ミナミタマクリニック",
        }).ToForm("MK-2026-000002", new DateOnly(2026, 11, 23));

        Assert.Null(internet.VpnBankAccount);
        Assert.Equal("1234567", vpn.VpnBankAccount!.AccountNumber);
        Assert.Equal("院長", vpn.Founder.Title);
    }

    /// <summary>
    /// The workflow written out by hand (not read from the entity): every legal move and where it
    /// leads. Every other pair of status and move must be refused.
    /// </summary>
    private static readonly Dictionary<(ApplicationStatus From, ApplicationMove Move), ApplicationStatus> LegalMoves = new()
    {
        [(ApplicationStatus.AwaitingDocuments, ApplicationMove.ReceiveDocuments)] = ApplicationStatus.UnderReview,
        [(ApplicationStatus.AwaitingDocuments, ApplicationMove.Reject)] = ApplicationStatus.Rejected,
        [(ApplicationStatus.UnderReview, ApplicationMove.Approve)] = ApplicationStatus.Approved,
        [(ApplicationStatus.UnderReview, ApplicationMove.Return)] = ApplicationStatus.Returned,
        [(ApplicationStatus.UnderReview, ApplicationMove.Reject)] = ApplicationStatus.Rejected,
        [(ApplicationStatus.Returned, ApplicationMove.Resubmit)] = ApplicationStatus.UnderReview,
        [(ApplicationStatus.Returned, ApplicationMove.Reject)] = ApplicationStatus.Rejected,
        [(ApplicationStatus.Approved, ApplicationMove.CompleteRegistration)] = ApplicationStatus.Registered,
        [(ApplicationStatus.Approved, ApplicationMove.Reject)] = ApplicationStatus.Rejected,
    };

    public static TheoryData<ApplicationStatus, ApplicationMove> LegalPairs() => ToTheoryData(LegalMoves.Keys);

    /// <summary>Every status × every move that the table above does not allow (all enum values, so a new one is covered).</summary>
    public static TheoryData<ApplicationStatus, ApplicationMove> IllegalPairs() => ToTheoryData(
        Enum.GetValues<ApplicationStatus>()
            .SelectMany(status => Enum.GetValues<ApplicationMove>().Select(move => (status, move)))
            .Where(pair => !LegalMoves.ContainsKey(pair)));

    private static TheoryData<ApplicationStatus, ApplicationMove> ToTheoryData(IEnumerable<(ApplicationStatus, ApplicationMove)> pairs)
    {
        var data = new TheoryData<ApplicationStatus, ApplicationMove>();
        foreach (var (status, move) in pairs)
        {
            data.Add(status, move);
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(LegalPairs))]
    public void A_legal_move_reaches_its_status_and_records_who_when_and_why(ApplicationStatus from, ApplicationMove move)
    {
        var application = InStatus(from);
        var before = application.Version;
        var events = application.Events.Count;
        var later = Now.AddHours(1);

        Perform(application, move, later);

        Assert.Equal(LegalMoves[(from, move)], application.Status);
        Assert.NotEqual(before, application.Version);
        Assert.Equal(later, application.UpdatedAtUtc);
        Assert.Equal(events + 1, application.Events.Count);
        var recorded = application.Events[^1];
        Assert.Equal(application.Status, recorded.Status);
        Assert.Equal(later, recorded.AtUtc);
        Assert.Equal(move == ApplicationMove.Resubmit ? ParticipationApplication.ApplicantActor : "council-b", recorded.Actor);
        // A resubmission records what it changed (here nothing): ApplicationChangesTests.
        Assert.Equal(move is ApplicationMove.Return or ApplicationMove.Reject ? "理由" : move == ApplicationMove.Resubmit ? ApplicationChanges.Marker + "[]" : null, recorded.Comment);
    }

    [Theory]
    [MemberData(nameof(IllegalPairs))]
    public void An_illegal_move_is_refused_and_changes_nothing(ApplicationStatus from, ApplicationMove move)
    {
        var application = InStatus(from);
        var version = application.Version;
        var updated = application.UpdatedAtUtc;
        var events = application.Events.Count;

        Assert.Throws<WorkflowException>(() => Perform(application, move, Now.AddHours(1)));

        Assert.Equal(from, application.Status);
        Assert.Equal(version, application.Version);
        Assert.Equal(updated, application.UpdatedAtUtc);
        Assert.Equal(events, application.Events.Count);
    }

    [Fact]
    public void The_screens_question_CanMove_answers_exactly_as_the_workflow_table()
    {
        foreach (var status in Enum.GetValues<ApplicationStatus>())
        {
            foreach (var move in Enum.GetValues<ApplicationMove>())
            {
                Assert.True(
                    LegalMoves.ContainsKey((status, move)) == ParticipationApplication.CanMove(status, move),
                    $"CanMove({status}, {move}) disagrees with the workflow table");
            }
        }
    }

    [Fact]
    public void Every_status_is_tried_as_a_starting_point()
    {
        var tried = IllegalPairs().Select(row => (ApplicationStatus)row[0]).Concat(LegalPairs().Select(row => (ApplicationStatus)row[0])).ToHashSet();

        Assert.Equal(Enum.GetValues<ApplicationStatus>().ToHashSet(), tried);
        Assert.Equal(Enum.GetValues<ApplicationStatus>().Length * Enum.GetValues<ApplicationMove>().Length, IllegalPairs().Count + LegalPairs().Count);
    }

    [Theory]
    [InlineData(true, true, false)]
    [InlineData(true, false, true)]
    [InlineData(false, true, true)]
    [InlineData(false, false, true)]
    public void Registration_by_the_approver_is_refused_only_under_the_four_eyes_rule(bool requireFourEyes, bool approverRegisters, bool allowed)
    {
        var application = InStatus(ApplicationStatus.Approved);
        var version = application.Version;
        var registrar = approverRegisters ? "council-a" : "council-b";

        var refused = Record.Exception(() => application.CompleteRegistration(registrar, Now.AddHours(1), requireFourEyes));

        Assert.Equal("council-a", application.ApprovedBy);
        if (allowed)
        {
            Assert.Null(refused);
            Assert.Equal(ApplicationStatus.Registered, application.Status);
            Assert.Equal(registrar, application.Events[^1].Actor);
        }
        else
        {
            Assert.IsType<FourEyesException>(refused);
            Assert.Equal(ApplicationStatus.Approved, application.Status);
            Assert.Equal(version, application.Version);
        }
    }

    [Fact]
    public void The_last_actor_is_the_latest_move_even_when_moves_share_one_instant()
    {
        var (application, _) = Submit();

        application.ReceiveDocuments("council-a", Now);
        application.Approve("council-b", Now);

        Assert.Equal("council-b", application.LastActor);
        Assert.Equal("council-b", application.ApprovedBy);
    }

    /// <summary>An application brought to <paramref name="status"/> the way the workflow gets there (approved by council-a).</summary>
    internal static ParticipationApplication InStatus(ApplicationStatus status)
    {
        var (application, _) = Submit();
        switch (status)
        {
            case ApplicationStatus.Received:
                // Submit moves on to AwaitingDocuments at once; a row stuck in Received can only come from old data.
                typeof(ParticipationApplication).GetProperty(nameof(ParticipationApplication.Status))!.SetValue(application, ApplicationStatus.Received);
                break;
            case ApplicationStatus.AwaitingDocuments:
                break;
            case ApplicationStatus.UnderReview:
                application.ReceiveDocuments("council-a", Now);
                break;
            case ApplicationStatus.Returned:
                application.ReceiveDocuments("council-a", Now);
                application.Return("council-a", "修正してください。", Now);
                break;
            case ApplicationStatus.Approved:
                application.ReceiveDocuments("council-a", Now);
                application.Approve("council-a", Now);
                break;
            case ApplicationStatus.Registered:
                application.ReceiveDocuments("council-a", Now);
                application.Approve("council-a", Now);
                application.CompleteRegistration("council-c", Now, requireFourEyes: true);
                break;
            case ApplicationStatus.Rejected:
                application.Reject("council-a", "対象外です。", Now);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(status), status, null);
        }

        Assert.Equal(status, application.Status);
        return application;
    }

    private static void Perform(ParticipationApplication application, ApplicationMove move, DateTime at)
    {
        switch (move)
        {
            case ApplicationMove.ReceiveDocuments:
                application.ReceiveDocuments("council-b", at);
                break;
            case ApplicationMove.Approve:
                application.Approve("council-b", at);
                break;
            case ApplicationMove.Return:
                application.Return("council-b", "理由", at);
                break;
            case ApplicationMove.Resubmit:
                application.Resubmit(SampleData(), at);
                break;
            case ApplicationMove.CompleteRegistration:
                application.CompleteRegistration("council-b", at, requireFourEyes: true);
                break;
            case ApplicationMove.Reject:
                application.Reject("council-b", "理由", at);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(move), move, null);
        }
    }

    internal static (ParticipationApplication, string) Submit() =>
        ParticipationApplication.Submit(SampleData(), Guid.NewGuid(), "MK-2026-000001", Now, token => "protected:" + token);

    /// <summary>The stored form of the same valid application the validation tests use.</summary>
    internal static ParticipationApplicationData SampleData() => ApplicationValidation.ToData(ApplicationValidationTests.Valid());
}
