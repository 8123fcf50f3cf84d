using MioKarte.Core.Applications;

namespace MioKarte.UnitTests.Applications;

public sealed class ApplicationChangesTests
{
    private static readonly DateTime Now = new(2026, 11, 23, 0, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void Between_lists_only_the_fields_that_changed_with_old_and_new_text()
    {
        var before = ParticipationApplicationTests.SampleData();
        var after = before with { Fax = "042-000-9999", FounderTitle = "理事長", UserCount = before.UserCount + 2 };

        var changes = ApplicationChanges.Between(before, after);

        var count = before.UserCount.ToString(System.Globalization.CultureInfo.InvariantCulture);
        var newCount = (before.UserCount + 2).ToString(System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(
            [
                new FieldChange(nameof(ParticipationApplicationData.Fax), before.Fax, "042-000-9999"),
                new FieldChange(nameof(ParticipationApplicationData.FounderTitle), before.FounderTitle, "理事長"),
                new FieldChange(nameof(ParticipationApplicationData.UserCount), count, newCount),
            ],
            changes);
        Assert.Empty(ApplicationChanges.Between(before, before with { }));
    }

    [Fact]
    public void A_resubmission_records_its_changes_in_its_history_row_and_they_read_back()
    {
        var (application, _) = ParticipationApplicationTests.Submit();
        application.ReceiveDocuments("council-a", Now);
        application.Return("council-a", "開設者の役職をご確認ください。", Now);

        application.Resubmit(ParticipationApplicationTests.SampleData() with { FounderTitle = "理事長" }, Now);

        var comment = application.Events[^1].Comment;
        Assert.StartsWith(ApplicationChanges.Marker, comment, StringComparison.Ordinal);
        var change = Assert.Single(ApplicationChanges.FromComment(comment)!);
        Assert.Equal((nameof(ParticipationApplicationData.FounderTitle), ParticipationApplicationTests.SampleData().FounderTitle, "理事長"), (change.Field, change.Old, change.New));
        Assert.Null(ApplicationChanges.FromComment("開設者の役職をご確認ください。"));
    }

    [Fact]
    public void Changes_too_long_for_the_history_are_shortened_then_named_only()
    {
        var changes = Enumerable.Range(0, 10).Select(i => new FieldChange("Field" + i, new string('旧', 150), new string('新', 150))).ToList();

        var shortened = ApplicationChanges.ToComment(changes);
        var many = ApplicationChanges.ToComment([.. Enumerable.Range(0, 40).Select(i => new FieldChange("Field" + i, new string('旧', 150), new string('新', 150)))]);

        Assert.True(shortened.Length <= ApplicationChanges.MaxLength);
        Assert.All(ApplicationChanges.FromComment(shortened)!, c => Assert.EndsWith("…", c.Old, StringComparison.Ordinal));
        Assert.True(many.Length <= ApplicationChanges.MaxLength);
        Assert.All(ApplicationChanges.FromComment(many)!, c => Assert.Null(c.New));
        Assert.Equal(40, ApplicationChanges.FromComment(many)!.Count);
    }
}
