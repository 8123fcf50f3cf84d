using System.Data.Common;
using System.Globalization;
using MioKarte.Core.AccessLog;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// <c>dotnet run --project src/MioKarte.Web -- verify-access-log</c>: walks the access log of the
/// configured database with <see cref="AccessLogVerifier"/> and prints the rows checked and, when
/// the chain is broken, the first broken row (sequence and problem) in Japanese and English.
/// Exit code 0 = intact, 1 = broken, 2 = could not verify (no database, not migrated).
/// </summary>
public static class AccessLogCommand
{
    public const string Name = "verify-access-log";

    public const int Intact = 0;
    public const int Broken = 1;
    public const int Failed = 2;

    public static bool IsRequested(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(IServiceProvider services, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        await using var scope = services.CreateAsyncScope();
        ChainVerification result;
        try
        {
            result = await scope.ServiceProvider.GetRequiredService<AccessLogVerifier>().VerifyAsync(cancellationToken);
        }
        catch (Exception e) when (e is DbException or InvalidOperationException)
        {
            await error.WriteLineAsync($"閲覧記録を検証できませんでした: {e.GetType().Name}（データベースの設定と移行を確認してください）");
            await error.WriteLineAsync($"Could not verify the access log: {e.GetType().Name} (check the database settings and that it is migrated).");
            return Failed;
        }

        var rows = result.IntactRows.ToString("N0", CultureInfo.InvariantCulture);
        if (result.IsIntact)
        {
            await output.WriteLineAsync($"閲覧記録は改ざんされていません。{rows} 行を検証しました。");
            await output.WriteLineAsync($"Access log intact: {rows} rows checked.");
            return Intact;
        }

        var (japanese, english) = Describe(result.Problem!.Value);
        await output.WriteLineAsync($"閲覧記録の連鎖が壊れています。最初に壊れている行: 連番 {result.FirstBrokenSequence}（{japanese}）。それより前の {rows} 行は正常です。");
        await output.WriteLineAsync($"Access log BROKEN at sequence {result.FirstBrokenSequence}: {english}. The {rows} rows before it are intact.");
        return Broken;
    }

    private static (string Japanese, string English) Describe(ChainProblem problem) => problem switch
    {
        ChainProblem.MissingRow => ("行が欠けています（削除された可能性）", "a row is missing (deleted)"),
        ChainProblem.LinkBroken => ("前の行との連結が一致しません（削除または並べ替えの可能性）", "the link to the previous row does not match (rows deleted or reordered)"),
        ChainProblem.RowAltered => ("行の内容が記録時と異なります（変更された可能性）", "the row's content no longer matches its hash (edited)"),
    };
}
