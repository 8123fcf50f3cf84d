using MioKarte.Core.Applications;

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
        Assert.True(application.MatchesToken(token));
        Assert.False(application.MatchesToken(token + "x"));
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

    private static (ParticipationApplication, string) Submit() =>
        ParticipationApplication.Submit(SampleData(), Guid.NewGuid(), "MK-2026-000001", Now, token => "protected:" + token);

    /// <summary>The stored form of the same valid application the validation tests use.</summary>
    internal static ParticipationApplicationData SampleData() => ApplicationValidation.ToData(ApplicationValidationTests.Valid());
}
