using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using MioKarte.Core.Data;
using MioKarte.Core.Identity;

namespace MioKarte.Web.Infrastructure;

/// <summary>
/// <c>dotnet MioKarte.Web.dll add-council-staff --user-name ID --name 氏名 --email MAIL</c>, the
/// initial password on standard input: creates an account of the liaison council's office
/// (連絡協議会 事務局, role CouncilStaff). A new network's database has no account at all (the
/// demo accounts exist only in Development), and every other account is created by one: the
/// council registers facilities, whose 管理責任者 add their users. So the first council staff are
/// created by the system administrator on the server, once per person, and nothing else.
/// </summary>
/// <remarks>
/// The password comes on standard input, never on the command line (which other users of the
/// server can read in the process list); it must meet the portal's password policy. The account
/// has no authenticator yet: its first sign-in enrols one (two-factor sign-in is required of the
/// role), so the password alone never opens the council's pages. The person changes the password
/// in マイページ afterwards. Exit code 0 = created, 1 = refused (input, policy, name taken), 2 = failed.
/// </remarks>
public static partial class AddCouncilStaffCommand
{
    public const string Name = "add-council-staff";

    public const int Created = 0;
    public const int Refused = 1;
    public const int Failed = 2;

    public static bool IsRequested(string[] args) => args is [Name, ..];

    public static async Task<int> RunAsync(
        IServiceProvider services, string[] args, TextReader input, TextWriter output, TextWriter error, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);

        var options = ParseOptions(args);
        var userName = options.GetValueOrDefault("--user-name")?.Trim() ?? "";
        var displayName = options.GetValueOrDefault("--name")?.Trim() ?? "";
        var email = options.GetValueOrDefault("--email")?.Trim() ?? "";
        var problems = new List<string>();
        if (!CouncilUserName().IsMatch(userName) || FacilityUserName().IsMatch(userName))
        {
            problems.Add("--user-name: 英小文字で始まる3〜32文字（英小文字・数字・「-」「.」）で、施設の利用者ID（V00001-01 の形）ではない名前を指定してください。");
        }

        if (displayName.Length is 0 or > 50)
        {
            problems.Add("--name: 氏名（50文字以内）を指定してください。");
        }

        if (!email.Contains('@', StringComparison.Ordinal) || email.Length > 254)
        {
            problems.Add("--email: メールアドレスを指定してください。");
        }

        var password = await input.ReadLineAsync(cancellationToken);
        if (string.IsNullOrEmpty(password))
        {
            problems.Add("初期パスワードを標準入力の1行目で渡してください（コマンドラインには書かないでください）。");
        }

        if (problems.Count > 0)
        {
            await WriteAllAsync(error, problems);
            await error.WriteLineAsync($"Usage: {Name} --user-name ID --name 氏名 --email MAIL < password");
            return Refused;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<PortalUser>>();
        try
        {
            // One transaction: an account whose role could not be added must not remain.
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            var user = new PortalUser
            {
                UserName = userName,
                DisplayName = displayName,
                Email = email,
                EmailConfirmed = true,
                LockoutEnabled = true,
                Rights = UserRights.None,
            };
            var result = await users.CreateAsync(user, password!);
            if (result.Succeeded)
            {
                result = await users.AddToRoleAsync(user, PortalRoles.CouncilStaff);
            }

            if (!result.Succeeded)
            {
                await WriteAllAsync(error, result.Errors.Select(e => e.Description));
                return Refused;
            }

            await transaction.CommitAsync(cancellationToken);
            scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(AddCouncilStaffCommand))
                .LogInformation("Council staff account {UserName} created from the command line", userName);
            await output.WriteLineAsync($"連絡協議会 事務局のアカウント {userName}（{displayName}）を作成しました。初回のサインインで認証アプリを登録します。");
            await output.WriteLineAsync($"Council staff account {userName} created; the first sign-in enrols an authenticator app.");
            return Created;
        }
        catch (Exception e) when (e is System.Data.Common.DbException or InvalidOperationException)
        {
            await error.WriteLineAsync($"アカウントを作成できませんでした: {e.GetType().Name}（データベースの設定と移行を確認してください）");
            await error.WriteLineAsync($"Could not create the account: {e.GetType().Name} (check the database settings and that it is migrated).");
            return Failed;
        }
    }

    private static Dictionary<string, string> ParseOptions(string[] args)
    {
        var options = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i + 1 < args.Length; i += 2)
        {
            options[args[i]] = args[i + 1];
        }

        return options;
    }

    private static async Task WriteAllAsync(TextWriter writer, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            await writer.WriteLineAsync(line);
        }
    }

    [GeneratedRegex("^[a-z][a-z0-9.-]{2,31}$")]
    private static partial Regex CouncilUserName();

    [GeneratedRegex("^[a-z][0-9]{5}-[0-9]+$", RegexOptions.IgnoreCase)]
    private static partial Regex FacilityUserName();
}
