using System.Data.Common;
using MioKarte.Core.AccessLog;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.AccessLog;

/// <summary>
/// The access log's chain on the real database: appends from many requests at once stay 1..n
/// without gaps; the database refuses UPDATE and DELETE; and when someone able to drop those
/// triggers edits, deletes or reorders rows with raw SQL, the verifier (and the
/// <c>verify-access-log</c> command) names the first broken row. Each test breaks its own database.
/// </summary>
public sealed class AccessLogChainTests
{
    [Fact]
    public async Task Appends_from_many_concurrent_requests_number_the_rows_one_to_n_without_gaps_and_verify()
    {
        using var portal = new PortalFactory();
        var facility = await portal.AddFacilityAsync("同時閲覧クリニック");

        await Task.WhenAll(Enumerable.Range(1, 40).Select(i =>
            Task.Run(() => portal.AppendAsync(AccessLogSteps.Actor($"user{i % 5}", facility.Id), new AccessRecord(AccessAction.PatientList, Target: $"list/{i}")))));

        var rows = await portal.AccessLogRowsAsync(_ => true);
        Assert.Equal(Enumerable.Range(1, 40).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.Equal(40, rows.Select(r => r.Target).Distinct().Count());
        for (var i = 1; i < rows.Count; i++)
        {
            Assert.Equal(rows[i - 1].Hash, rows[i].PreviousHash);
        }

        Assert.Equal(ChainVerification.Intact(40), await portal.VerifyAsync());
    }

    [Fact]
    public async Task The_database_refuses_to_update_or_delete_a_row_of_the_access_log()
    {
        using var portal = new PortalFactory();
        await AppendRowsAsync(portal, 3);

        var update = await Assert.ThrowsAnyAsync<DbException>(() => portal.SqlAsync("UPDATE \"AccessLog\" SET \"UserName\" = 'x' WHERE \"Sequence\" = 2"));
        var delete = await Assert.ThrowsAnyAsync<DbException>(() => portal.SqlAsync("DELETE FROM \"AccessLog\" WHERE \"Sequence\" = 3"));

        Assert.Contains("append-only", update.Message, StringComparison.Ordinal);
        Assert.Contains("append-only", delete.Message, StringComparison.Ordinal);
        Assert.Equal(ChainVerification.Intact(3), await portal.VerifyAsync());
    }

    [Fact]
    public async Task An_edited_row_is_named_as_altered_and_the_command_exits_with_one()
    {
        using var portal = new PortalFactory();
        await AppendRowsAsync(portal, 5);
        await portal.DropAppendOnlyTriggersAsync();

        await portal.SqlAsync("UPDATE \"AccessLog\" SET \"FacilityPatientId\" = NULL, \"Target\" = 'hidden' WHERE \"Sequence\" = 3");

        Assert.Equal(ChainVerification.Broken(2, 3, ChainProblem.RowAltered), await portal.VerifyAsync());
        var (exit, output) = await RunCommandAsync(portal);
        Assert.Equal(AccessLogCommand.Broken, exit);
        Assert.Contains("連番 3", output, StringComparison.Ordinal);
        Assert.Contains("sequence 3: the row's content no longer matches its hash (edited)", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_deleted_row_is_named_as_missing()
    {
        using var portal = new PortalFactory();
        await AppendRowsAsync(portal, 5);
        await portal.DropAppendOnlyTriggersAsync();

        await portal.SqlAsync("DELETE FROM \"AccessLog\" WHERE \"Sequence\" = 2");

        Assert.Equal(ChainVerification.Broken(1, 2, ChainProblem.MissingRow), await portal.VerifyAsync());
    }

    [Fact]
    public async Task A_deleted_row_with_the_rest_renumbered_is_named_as_a_broken_link()
    {
        using var portal = new PortalFactory();
        await AppendRowsAsync(portal, 5);
        await portal.DropAppendOnlyTriggersAsync();

        await portal.SqlAsync("DELETE FROM \"AccessLog\" WHERE \"Sequence\" = 2");
        foreach (var sequence in new[] { 3, 4, 5 })
        {
            await portal.SqlAsync($"UPDATE \"AccessLog\" SET \"Sequence\" = {sequence - 1} WHERE \"Sequence\" = {sequence}");
        }

        Assert.Equal(ChainVerification.Broken(1, 2, ChainProblem.LinkBroken), await portal.VerifyAsync());
    }

    [Fact]
    public async Task Two_rows_swapped_are_named_as_a_broken_link()
    {
        using var portal = new PortalFactory();
        await AppendRowsAsync(portal, 5);
        await portal.DropAppendOnlyTriggersAsync();

        await portal.SqlAsync("UPDATE \"AccessLog\" SET \"Sequence\" = -4 WHERE \"Sequence\" = 4");
        await portal.SqlAsync("UPDATE \"AccessLog\" SET \"Sequence\" = 4 WHERE \"Sequence\" = 3");
        await portal.SqlAsync("UPDATE \"AccessLog\" SET \"Sequence\" = 3 WHERE \"Sequence\" = -4");

        Assert.Equal(ChainVerification.Broken(2, 3, ChainProblem.LinkBroken), await portal.VerifyAsync());
    }

    [Fact]
    public async Task The_command_exits_with_zero_and_counts_the_rows_of_an_intact_log()
    {
        using var portal = new PortalFactory();
        await AppendRowsAsync(portal, 7);

        var (exit, output) = await RunCommandAsync(portal);

        Assert.Equal(AccessLogCommand.Intact, exit);
        Assert.Contains("7 行を検証しました", output, StringComparison.Ordinal);
        Assert.Contains("Access log intact: 7 rows checked.", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_command_exits_with_two_when_the_database_has_no_access_log()
    {
        using var portal = new PortalFactory();
        await AppendRowsAsync(portal, 1);
        await portal.SqlAsync("DROP TABLE \"AccessLog\"");

        using var error = new StringWriter();
        var exit = await AccessLogCommand.RunAsync(portal.Services, TextWriter.Null, error);

        Assert.Equal(AccessLogCommand.Failed, exit);
        Assert.Contains("閲覧記録を検証できませんでした", error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void The_command_is_recognised_only_as_the_first_argument()
    {
        Assert.True(AccessLogCommand.IsRequested(["verify-access-log"]));
        Assert.True(AccessLogCommand.IsRequested(["verify-access-log", "--Database:Provider=Sqlite"]));
        Assert.False(AccessLogCommand.IsRequested([]));
        Assert.False(AccessLogCommand.IsRequested(["--urls", "verify-access-log"]));
    }

    private static async Task AppendRowsAsync(PortalFactory portal, int count)
    {
        var facility = await portal.AddFacilityAsync("改ざん検証クリニック");
        var patient = await portal.AddPatientAsync(facility.Id, "P-" + Guid.NewGuid().ToString("N")[..6]);
        for (var i = 0; i < count; i++)
        {
            await portal.AppendAsync(AccessLogSteps.Actor("verify.user", facility.Id), new AccessRecord(AccessAction.PatientRecord, patient.Id, Target: $"Timeline/{i}"));
        }
    }

    private static async Task<(int Exit, string Output)> RunCommandAsync(PortalFactory portal)
    {
        using var output = new StringWriter();
        var exit = await AccessLogCommand.RunAsync(portal.Services, output, TextWriter.Null);
        return (exit, output.ToString());
    }
}
