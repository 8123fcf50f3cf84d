using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Infrastructure;

namespace MioKarte.IntegrationTests.AccessLog;

/// <summary>
/// The chain with more than one writer process: two "nodes" — independent service providers, each
/// with its own DbContexts and its own in-process queue — append at once to one database file, and
/// the chain stays 1..n, linked and intact, because the head row serialises them in the database.
/// </summary>
public sealed class AccessLogNodesTests
{
    [Fact]
    public async Task Two_nodes_appending_at_once_keep_the_chain_one_to_n_linked_and_intact()
    {
        using var portal = new PortalFactory();
        var facility = await portal.AddFacilityAsync("二ノード病院");
        await using var nodeA = Node(portal);
        await using var nodeB = Node(portal);
        const int WritersPerNode = 6;
        const int AppendsPerWriter = 15;

        var writers = new[] { nodeA, nodeB }.SelectMany((node, n) => Enumerable.Range(0, WritersPerNode).Select(w => Task.Run(async () =>
        {
            for (var i = 0; i < AppendsPerWriter; i++)
            {
                await using var scope = node.CreateAsyncScope();
                // Every other view is two rows in one save (a table and a detail).
                AccessRecord[] records = i % 2 == 0
                    ? [new(AccessAction.PatientList, Target: $"node{n}/w{w}/{i}")]
                    : [new(AccessAction.PatientRecord, Target: $"node{n}/w{w}/{i}"), new(AccessAction.RecordDetail, Target: $"node{n}/w{w}/{i}/d")];
                await scope.ServiceProvider.GetRequiredService<AccessLogWriter>()
                    .AppendAsync(AccessLogSteps.Actor($"node{n}.user{w}", facility.Id), records);
            }
        })));
        await Task.WhenAll(writers);

        var expected = 2 * WritersPerNode * ((AppendsPerWriter + 1) / 2 + (AppendsPerWriter / 2 * 2));
        var rows = await portal.AccessLogRowsAsync(_ => true);
        Assert.Equal(Enumerable.Range(1, expected).Select(i => (long)i), rows.Select(r => r.Sequence));
        Assert.Contains(rows, r => r.Target!.StartsWith("node0/", StringComparison.Ordinal));
        Assert.Contains(rows, r => r.Target!.StartsWith("node1/", StringComparison.Ordinal));
        // A two-row view is never split by the other node's rows.
        foreach (var detail in rows.Where(r => r.Action == AccessAction.RecordDetail))
        {
            Assert.Equal(detail.Target, rows.Single(r => r.Sequence == detail.Sequence - 1).Target + "/d");
        }

        Assert.Equal(ChainVerification.Intact(expected), await portal.VerifyAsync());
        var (exit, _) = await RunVerifyCommandAsync(portal);
        Assert.Equal(AccessLogCommand.Intact, exit);
        var head = await portal.WithServiceAsync<AccessLogHead, MioKarteDbContext>(db => db.AccessLogHeads.AsNoTracking().SingleAsync());
        Assert.Equal((expected, rows[^1].Hash), (head.Sequence, head.Hash));
    }

    [Fact]
    public async Task A_head_left_behind_by_a_writer_that_did_not_move_it_is_caught_up_from_the_log_and_the_chain_stays_intact()
    {
        using var portal = new PortalFactory();
        for (var i = 0; i < 3; i++)
        {
            await portal.AppendAsync(AccessLogSteps.Actor("older.node", null), new AccessRecord(AccessAction.PatientList, Target: $"list/{i}"));
        }

        // An older portal version (or a log from before the head row) appended without the head.
        await portal.SqlAsync($"UPDATE \"AccessLogHead\" SET \"Sequence\" = 0, \"Hash\" = '{AccessLogEntry.GenesisHash}'");

        await portal.AppendAsync(AccessLogSteps.Actor("new.node", null), new AccessRecord(AccessAction.PatientList, Target: "list/new"));

        var rows = await portal.AccessLogRowsAsync(_ => true);
        Assert.Equal([1L, 2L, 3L, 4L], rows.Select(r => r.Sequence));
        Assert.Equal("list/new", rows[^1].Target);
        Assert.Equal(ChainVerification.Intact(4), await portal.VerifyAsync());
    }

    [Fact]
    public async Task Rows_removed_from_the_end_of_the_log_are_named_as_missing_because_the_head_still_points_past_them()
    {
        using var portal = new PortalFactory();
        for (var i = 0; i < 5; i++)
        {
            await portal.AppendAsync(AccessLogSteps.Actor("tail.user", null), new AccessRecord(AccessAction.PatientList, Target: $"list/{i}"));
        }

        await portal.DropAppendOnlyTriggersAsync();
        await portal.SqlAsync("DELETE FROM \"AccessLog\" WHERE \"Sequence\" >= 4");

        Assert.Equal(ChainVerification.Broken(3, 4, ChainProblem.MissingRow), await portal.VerifyAsync());
    }

    [Fact]
    public async Task Concurrent_views_share_commits_and_each_is_answered_only_once_its_rows_are_committed()
    {
        using var portal = new PortalFactory();
        var facility = await portal.AddFacilityAsync("同時コミット診療所");
        var commits = new CommitCounter();
        await using var node = Node(portal, commits);
        const int Views = 48;

        var seenAtAnswer = await Task.WhenAll(Enumerable.Range(0, Views).Select(i => Task.Run(async () =>
        {
            await using var scope = node.CreateAsyncScope();
            var rows = await scope.ServiceProvider.GetRequiredService<AccessLogWriter>()
                .AppendAsync(AccessLogSteps.Actor($"user{i % 4}", facility.Id), [new(AccessAction.PatientRecord, Target: $"view/{i}"), new(AccessAction.RecordDetail, Target: $"view/{i}/d")]);
            // Read through another connection the moment the append answers: committed, not merely saved.
            var sequences = rows.Select(r => r.Sequence).ToList();
            return await portal.WithServiceAsync<int, MioKarteDbContext>(db => db.AccessLog.CountAsync(e => sequences.Contains(e.Sequence)));
        })));

        Assert.All(seenAtAnswer, seen => Assert.Equal(2, seen));
        var rows = await portal.AccessLogRowsAsync(_ => true);
        Assert.Equal(Enumerable.Range(1, 2 * Views).Select(i => (long)i), rows.Select(r => r.Sequence));
        foreach (var detail in rows.Where(r => r.Action == AccessAction.RecordDetail))
        {
            Assert.Equal(detail.Target, rows.Single(r => r.Sequence == detail.Sequence - 1).Target + "/d");
        }

        Assert.Equal(ChainVerification.Intact(2 * Views), await portal.VerifyAsync());
        // Group commit: views that waited while a transaction committed went into the next one together.
        Assert.InRange(commits.Count, 1, Views - 1);
    }

    [Fact]
    public async Task A_view_whose_group_commit_fails_is_not_answered_as_logged()
    {
        using var portal = new PortalFactory();
        await using var node = Node(portal);
        await portal.SqlAsync("DELETE FROM \"AccessLogHead\"");

        await using var scope = node.CreateAsyncScope();
        var writer = scope.ServiceProvider.GetRequiredService<AccessLogWriter>();
        await Assert.ThrowsAsync<InvalidOperationException>(() => writer.AppendAsync(AccessLogSteps.Actor("lost.view", null), new AccessRecord(AccessAction.PatientList)));
        Assert.Empty(await portal.AccessLogRowsAsync(_ => true));
    }

    /// <summary>A node: its own service provider over the portal's database (its SQLite file or PostgreSQL database), with the writer's real registrations.</summary>
    private static ServiceProvider Node(PortalFactory portal, CommitCounter? commits = null)
    {
        var database = new DatabaseOptions { Provider = TestDatabase.Provider, ConnectionString = portal.ConnectionString };
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddSingleton(TimeProvider.System);
        services.AddDbContext<MioKarteDbContext>(o =>
        {
            o.UseConfiguredProvider(database, portal.DataFolder);
            if (commits is not null)
            {
                o.AddInterceptors(commits);
            }
        });
        services.AddMetrics();
        services.AddSingleton<PortalMetrics>();
        services.AddSingleton<AccessLogChain>();
        services.AddScoped<AccessLogWriter>();
        return services.BuildServiceProvider();
    }

    /// <summary>Counts the transactions the node commits.</summary>
    private sealed class CommitCounter : DbTransactionInterceptor
    {
        private int count;

        public int Count => Volatile.Read(ref count);

        public override Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
        {
            Interlocked.Increment(ref count);
            return Task.CompletedTask;
        }
    }

    private static async Task<(int Exit, string Output)> RunVerifyCommandAsync(PortalFactory portal)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        var exit = await AccessLogCommand.RunAsync(portal.Services, output, error);
        return (exit, output + error.ToString());
    }
}
