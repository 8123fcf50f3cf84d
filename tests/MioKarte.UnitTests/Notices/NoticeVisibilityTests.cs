using MioKarte.Core.Common;
using MioKarte.Core.Identity;
using MioKarte.Core.Notices;

namespace MioKarte.UnitTests.Notices;

public sealed class NoticeVisibilityTests
{
    // 2026-12-01 09:00 JST is 2026-12-01 00:00 UTC; until 2026-12-08 09:00 JST.
    private static readonly DateTime From = new(2026, 12, 1, 0, 0, 0, DateTimeKind.Utc);
    private static readonly DateTime Until = new(2026, 12, 8, 0, 0, 0, DateTimeKind.Utc);
    private static readonly string[] StaffRoles = [PortalRoles.Staff];

    [Fact]
    public void A_notice_entered_in_Japan_time_is_stored_nine_hours_earlier_in_UTC()
    {
        var (content, errors) = NoticeValidation.Validate(Input(from: "2026-12-01T09:00", until: "2026/12/08 09:00"));

        Assert.Empty(errors);
        Assert.Equal(From, content!.PublishFromUtc);
        Assert.Equal(Until, content.PublishUntilUtc);
        Assert.Equal(DateTimeKind.Utc, content.PublishFromUtc.Kind);
    }

    [Fact]
    public void The_window_opens_at_its_first_minute_and_closes_at_its_end()
    {
        var notice = Post(NoticeAudience.AllUsers);

        Assert.Equal(NoticeStatus.Scheduled, notice.StatusAt(From.AddTicks(-1)));
        Assert.Equal(NoticeStatus.Published, notice.StatusAt(From));
        Assert.Equal(NoticeStatus.Published, notice.StatusAt(Until.AddTicks(-1)));
        Assert.Equal(NoticeStatus.Ended, notice.StatusAt(Until));
        Assert.False(notice.IsVisibleTo(StaffRoles, From.AddMinutes(-1)));
        Assert.True(notice.IsVisibleTo(StaffRoles, From));
        Assert.False(notice.IsVisibleTo(StaffRoles, Until));
    }

    [Fact]
    public void The_database_query_applies_the_same_window_as_the_status()
    {
        var notices = new[] { Post(NoticeAudience.AllUsers), Post(NoticeAudience.AllUsers, until: null) };
        notices[1].Withdraw("事務局 一郎", From);
        DateTime[] instants = [From.AddTicks(-1), From, Until.AddTicks(-1), Until, Until.AddYears(5)];

        foreach (var instant in instants)
        {
            var published = Notice.PublishedAt(instant).Compile();
            foreach (var notice in notices)
            {
                Assert.Equal(notice.StatusAt(instant) == NoticeStatus.Published, published(notice));
            }
        }
    }

    [Fact]
    public void A_notice_without_an_end_stays_published_until_withdrawn()
    {
        var notice = Post(NoticeAudience.AllUsers, until: null);

        Assert.Equal(NoticeStatus.Published, notice.StatusAt(From.AddYears(10)));
        notice.Withdraw("事務局 一郎", From.AddDays(1));
        Assert.Equal(NoticeStatus.Withdrawn, notice.StatusAt(From.AddDays(2)));
        Assert.False(notice.IsVisibleTo(StaffRoles, From.AddDays(2)));
    }

    [Theory]
    [InlineData(NoticeAudience.AllUsers, PortalRoles.Staff, true)]
    [InlineData(NoticeAudience.AllUsers, PortalRoles.FacilityAdministrator, true)]
    [InlineData(NoticeAudience.AllUsers, PortalRoles.CouncilStaff, true)]
    [InlineData(NoticeAudience.AllUsers, PortalRoles.SystemAdministrator, true)]
    [InlineData(NoticeAudience.FacilityMembers, PortalRoles.Staff, true)]
    [InlineData(NoticeAudience.FacilityMembers, PortalRoles.FacilityAdministrator, true)]
    [InlineData(NoticeAudience.FacilityMembers, PortalRoles.CouncilStaff, false)]
    [InlineData(NoticeAudience.FacilityMembers, PortalRoles.SystemAdministrator, false)]
    [InlineData(NoticeAudience.FacilityAdministrators, PortalRoles.Staff, false)]
    [InlineData(NoticeAudience.FacilityAdministrators, PortalRoles.FacilityAdministrator, true)]
    [InlineData(NoticeAudience.FacilityAdministrators, PortalRoles.CouncilStaff, false)]
    [InlineData(NoticeAudience.CouncilStaff, PortalRoles.Staff, false)]
    [InlineData(NoticeAudience.CouncilStaff, PortalRoles.FacilityAdministrator, false)]
    [InlineData(NoticeAudience.CouncilStaff, PortalRoles.CouncilStaff, true)]
    [InlineData(NoticeAudience.CouncilStaff, PortalRoles.SystemAdministrator, false)]
    public void Each_audience_reaches_exactly_its_roles(NoticeAudience audience, string role, bool sees)
    {
        var notice = Post(audience);

        Assert.Equal(sees, notice.IsVisibleTo([role], From.AddDays(1)));
    }

    [Fact]
    public void A_user_with_no_role_still_reads_the_notices_for_everyone_only()
    {
        Assert.Equal([NoticeAudience.AllUsers], Notice.AudiencesFor([]));
    }

    [Fact]
    public void A_withdrawn_notice_cannot_be_edited_or_withdrawn_again()
    {
        var notice = Post(NoticeAudience.AllUsers);
        notice.Withdraw("事務局 一郎", From);
        var version = notice.Version;

        Assert.Throws<WorkflowException>(() => notice.Withdraw("事務局 二郎", From));
        Assert.Throws<WorkflowException>(() => notice.Edit(Content(NoticeAudience.AllUsers, Until), "事務局 二郎", From));
        Assert.Equal(version, notice.Version);
        Assert.Equal("事務局 一郎", notice.UpdatedBy);
    }

    [Fact]
    public void Every_edit_changes_the_version_and_records_who_made_it()
    {
        var notice = Post(NoticeAudience.AllUsers);
        var first = notice.Version;

        notice.Edit(Content(NoticeAudience.FacilityMembers, null), "事務局 二郎", From.AddHours(1));

        Assert.NotEqual(first, notice.Version);
        Assert.Equal("事務局 二郎", notice.UpdatedBy);
        Assert.Equal("事務局 一郎", notice.CreatedBy);
        Assert.Equal(NoticeAudience.FacilityMembers, notice.Audience);
    }

    [Fact]
    public void Validation_answers_in_Japanese_keys_for_missing_and_too_long_fields()
    {
        var input = Input(from: "", until: null);
        input.Title = new string('あ', Notice.TitleMaxLength + 1);
        input.Body = "";
        input.Audience = "1";
        input.Importance = "AllUsers,Important";

        var (content, errors) = NoticeValidation.Validate(input);

        Assert.Null(content);
        Assert.Equal(
            ["Notice.Error.TitleTooLong", "Notice.Error.BodyRequired", "Notice.Error.FromRequired", "Notice.Error.AudienceRequired", "Notice.Error.ImportanceRequired"],
            errors.Select(e => e.MessageKey));
    }

    [Theory]
    [InlineData("2026-12-01T09:00", "2026-12-01T09:00")]
    [InlineData("2026-12-01T09:00", "2026-11-30T23:59")]
    public void Publication_must_end_after_it_starts(string from, string until)
    {
        var (content, errors) = NoticeValidation.Validate(Input(from, until));

        Assert.Null(content);
        Assert.Equal("Notice.Error.UntilBeforeFrom", Assert.Single(errors).MessageKey);
    }

    [Fact]
    public void An_unreadable_date_time_is_refused_with_the_expected_format()
    {
        var (_, errors) = NoticeValidation.Validate(Input("12月1日", null));

        Assert.Equal("Notice.Error.DateTimeFormat", Assert.Single(errors).MessageKey);
    }

    [Fact]
    public void Full_width_digits_and_stray_control_characters_are_cleaned_and_line_breaks_kept()
    {
        var input = Input("２０２６-１２-０１ ０９:００", null);
        input.Title = "  システム\u0007停止のお知らせ  ";
        input.Body = "一行目\r\n二行目\r\n\r\n<b>三行目</b>\u0000";

        NoticeValidation.Normalise(input);
        var (content, errors) = NoticeValidation.Validate(input);

        Assert.Empty(errors);
        Assert.Equal(From, content!.PublishFromUtc);
        Assert.Equal("システム 停止のお知らせ", content.Title);
        Assert.Equal("一行目\n二行目\n\n<b>三行目</b>", content.Body);
    }

    [Fact]
    public void The_edit_form_shows_the_stored_instants_in_Japan_time()
    {
        var input = NoticeValidation.ToInput(Post(NoticeAudience.CouncilStaff));

        Assert.Equal("2026-12-01T09:00", input.PublishFrom);
        Assert.Equal("2026-12-08T09:00", input.PublishUntil);
        Assert.Equal("CouncilStaff", input.Audience);
    }

    private static Notice Post(NoticeAudience audience) => Post(audience, Until);

    private static Notice Post(NoticeAudience audience, DateTime? until) =>
        Notice.Post(Content(audience, until), Guid.NewGuid(), "事務局 一郎", From.AddDays(-1));

    private static NoticeContent Content(NoticeAudience audience, DateTime? until) =>
        new("システム停止のお知らせ", "12月5日 22時から翌2時まで停止します。", From, until, audience, NoticeImportance.Important);

    private static NoticeInput Input(string from, string? until) => new()
    {
        Title = "システム停止のお知らせ",
        Body = "本文",
        PublishFrom = from,
        PublishUntil = until,
        Audience = "AllUsers",
        Importance = "Normal",
    };
}
