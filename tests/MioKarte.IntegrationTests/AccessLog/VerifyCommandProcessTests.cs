using System.Diagnostics;
using MioKarte.Core.AccessLog;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.AccessLog;

/// <summary>
/// <c>MioKarte.Web verify-access-log</c> as an operator runs it: a separate process reading the
/// configured database (here a test portal's SQLite file or PostgreSQL database), answering with its exit code.
/// </summary>
public sealed class VerifyCommandProcessTests
{
    [Fact]
    public async Task The_published_command_exits_zero_on_an_intact_log_and_one_after_an_edit()
    {
        using var portal = new PortalFactory();
        var facility = await portal.AddFacilityAsync("コマンド検証クリニック");
        for (var i = 0; i < 4; i++)
        {
            await portal.AppendAsync(AccessLogSteps.Actor("cli.user", facility.Id), new AccessRecord(AccessAction.PatientList, Target: $"list/{i}"));
        }

        var (intactExit, intactOutput) = await RunAsync(portal);
        Assert.True(intactExit == 0, intactOutput);
        Assert.Contains("Access log intact: 4 rows checked.", intactOutput, StringComparison.Ordinal);

        await portal.DropAppendOnlyTriggersAsync();
        await portal.SqlAsync("UPDATE \"AccessLog\" SET \"UserName\" = 'someone.else' WHERE \"Sequence\" = 2");
        var (brokenExit, brokenOutput) = await RunAsync(portal);
        Assert.True(brokenExit == 1, brokenOutput);
        Assert.Contains("Access log BROKEN at sequence 2", brokenOutput, StringComparison.Ordinal);
        Assert.Contains("連番 2", brokenOutput, StringComparison.Ordinal);
    }

    private static async Task<(int Exit, string Output)> RunAsync(PortalFactory portal)
    {
        var info = PortalProcess.StartInfo("Testing", portal.DataFolder, "verify-access-log");
        if (portal.ConnectionString is { } connectionString)
        {
            // The portal's database on the PostgreSQL run, configured as an operator would.
            info.Environment["Database__Provider"] = TestDatabase.Provider.ToString();
            info.Environment["Database__ConnectionString"] = connectionString;
        }
        info.Environment["DataCenter__Embedded"] = "false";
        using var process = Process.Start(info) ?? throw new InvalidOperationException("dotnet did not start");
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await output + await error);
    }
}
