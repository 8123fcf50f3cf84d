using MioKarte.Core.Common;
using MioKarte.Core.Opinions;

namespace MioKarte.UnitTests.Opinions;

public sealed class OpinionWorkflowTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 1, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void A_sent_opinion_is_received_with_the_sender_as_they_were()
    {
        var opinion = Send();

        Assert.Equal(OpinionStatus.Received, opinion.Status);
        Assert.True(opinion.IsOpen);
        Assert.Equal("user-1", opinion.SenderUserId);
        Assert.Equal("南多摩 花子", opinion.SenderName);
        Assert.Equal("南多摩クリニック", opinion.SenderFacilityName);
        Assert.Null(opinion.Answer);
    }

    [Fact]
    public void The_whole_way_records_the_answer_and_the_closing_with_who_and_when()
    {
        var opinion = Send();

        opinion.StartHandling("事務局 一郎", Now.AddHours(1));
        opinion.AnswerWith("次回の改修で対応します。", "事務局 一郎", Now.AddHours(2));
        opinion.Close("事務局 二郎", Now.AddHours(3));

        Assert.Equal(OpinionStatus.Closed, opinion.Status);
        Assert.False(opinion.IsOpen);
        Assert.Equal("次回の改修で対応します。", opinion.Answer);
        Assert.Equal(("事務局 一郎", Now.AddHours(2)), (opinion.AnsweredBy, opinion.AnsweredAtUtc));
        Assert.Equal(("事務局 二郎", Now.AddHours(3)), (opinion.ClosedBy, opinion.ClosedAtUtc));
        Assert.Equal("事務局 二郎", opinion.UpdatedBy);
    }

    [Fact]
    public void A_received_opinion_may_be_answered_without_being_marked_in_progress()
    {
        var opinion = Send();

        opinion.AnswerWith("ありがとうございます。", "事務局 一郎", Now);

        Assert.Equal(OpinionStatus.Answered, opinion.Status);
    }

    [Fact]
    public void Every_move_changes_the_version()
    {
        var opinion = Send();
        var versions = new HashSet<Guid> { opinion.Version };

        opinion.StartHandling("事務局 一郎", Now);
        Assert.True(versions.Add(opinion.Version));
        opinion.AnswerWith("回答", "事務局 一郎", Now);
        Assert.True(versions.Add(opinion.Version));
        opinion.Close("事務局 一郎", Now);
        Assert.True(versions.Add(opinion.Version));
    }

    [Fact]
    public void An_opinion_that_is_not_answered_cannot_be_closed()
    {
        var opinion = Send();

        Assert.Throws<WorkflowException>(() => opinion.Close("事務局 一郎", Now));
        opinion.StartHandling("事務局 一郎", Now);
        Assert.Throws<WorkflowException>(() => opinion.Close("事務局 一郎", Now));
        Assert.Equal(OpinionStatus.InProgress, opinion.Status);
    }

    [Fact]
    public void An_answered_opinion_is_not_answered_again_nor_put_back_in_progress()
    {
        var opinion = Send();
        opinion.AnswerWith("最初の回答", "事務局 一郎", Now);
        var version = opinion.Version;

        Assert.Throws<WorkflowException>(() => opinion.AnswerWith("二度目の回答", "事務局 二郎", Now));
        Assert.Throws<WorkflowException>(() => opinion.StartHandling("事務局 二郎", Now));
        Assert.Equal("最初の回答", opinion.Answer);
        Assert.Equal(version, opinion.Version);
    }

    [Fact]
    public void A_closed_opinion_is_final()
    {
        var opinion = Send();
        opinion.AnswerWith("回答", "事務局 一郎", Now);
        opinion.Close("事務局 一郎", Now);

        Assert.Throws<WorkflowException>(() => opinion.Close("事務局 二郎", Now));
        Assert.Throws<WorkflowException>(() => opinion.AnswerWith("追記", "事務局 二郎", Now));
        Assert.Throws<WorkflowException>(() => opinion.StartHandling("事務局 二郎", Now));
        Assert.Equal(OpinionStatus.Closed, opinion.Status);
    }

    [Fact]
    public void An_opinion_in_progress_is_not_started_twice()
    {
        var opinion = Send();
        opinion.StartHandling("事務局 一郎", Now);

        Assert.Throws<WorkflowException>(() => opinion.StartHandling("事務局 二郎", Now));
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void An_empty_answer_is_refused_and_nothing_moves(string answer)
    {
        var opinion = Send();

        Assert.Throws<WorkflowException>(() => opinion.AnswerWith(answer, "事務局 一郎", Now));
        Assert.Equal(OpinionStatus.Received, opinion.Status);
    }

    [Theory]
    [InlineData(OpinionStatus.Received, true, true, false)]
    [InlineData(OpinionStatus.InProgress, false, true, false)]
    [InlineData(OpinionStatus.Answered, false, false, true)]
    [InlineData(OpinionStatus.Closed, false, false, false)]
    public void The_screen_offers_exactly_the_moves_the_status_allows(OpinionStatus status, bool start, bool answer, bool close)
    {
        Assert.Equal((start, answer, close), (Opinion.CanStartHandling(status), Opinion.CanAnswer(status), Opinion.CanClose(status)));
    }

    [Fact]
    public void Validation_names_each_missing_or_too_long_field()
    {
        var input = new OpinionInput { Category = "Opinion,Request", Subject = new string('件', Opinion.SubjectMaxLength + 1), Body = " \r\n " };

        OpinionValidation.Normalise(input);
        var (category, errors) = OpinionValidation.Validate(input);

        Assert.Null(category);
        Assert.Equal(["Opinion.Error.CategoryRequired", "Opinion.Error.SubjectTooLong", "Opinion.Error.BodyRequired"], errors.Select(e => e.MessageKey));
        Assert.Equal("Opinion.Error.AnswerRequired", OpinionValidation.ValidateAnswer("\n").Error!.MessageKey);
        Assert.Equal("回答です。\n以上", OpinionValidation.ValidateAnswer("回答です。\r\n以上  ").Answer);
    }

    private static Opinion Send() => Opinion.Send(
        new OpinionSender("user-1", "南多摩 花子", Guid.NewGuid(), "南多摩クリニック"),
        OpinionCategory.Request, "検査結果の表示順", "新しい順に並べてほしいです。", Guid.NewGuid(), Now);
}
