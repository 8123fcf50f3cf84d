using System.Globalization;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Development;
using MioKarte.Web.Areas.Apply.Application;

namespace MioKarte.Web.Development;

/// <summary>
/// A few fictional participation applications in every state of the council's review, so that new
/// council staff see a realistic queue on the first start. Created only in Development with
/// <c>Demo:SeedAccounts</c> (the same guard as <see cref="DemoAccounts"/>), and only into an empty
/// table: never beside real applications, never in Production.
/// </summary>
public static class DemoApplications
{
    private sealed record Demo(
        string Name, string Kana, FacilityType Type, string? Code, int SubmittedDaysAgo,
        Action<ParticipationApplication, Func<int, DateTime>>? Review = null);

    private static readonly Demo[] All =
    [
        new("八王子みなみ野内科クリニック", "ハチオウジミナミノナイカクリニック", FacilityType.Clinic, "1312345612", 20),
        new("さんだ調剤薬局", "サンダチョウザイヤッキョク", FacilityType.Pharmacy, "1342345624", 3),
        new("南大沢訪問看護ステーション", "ミナミオオサワホウモンカンゴステーション", FacilityType.HomeNursingStation, "1362345637", 12,
            (a, day) => a.ReceiveDocuments("council", day(5))),
        new("めじろ台歯科医院", "メジロダイシカイイン", FacilityType.DentalClinic, "1332345642", 16, (a, day) =>
        {
            a.ReceiveDocuments("council", day(9));
            a.Return("council", "開設者の役職が申込書（原本）と異なります。正しい役職に修正して再提出してください。", day(2));
        }),
        new("長房ファミリークリニック", "ナガブサファミリークリニック", FacilityType.Clinic, "1312345653", 25, (a, day) =>
        {
            a.ReceiveDocuments("council2", day(18));
            a.Approve("council2", day(1));
        }),
        new("高尾ケアプランセンター", "タカオケアプランセンター", FacilityType.CareProvider, "1370000001", 40, (a, day) =>
        {
            a.ReceiveDocuments("council", day(30));
            a.Reject("council", "対象地域外の事業所のため、今回はお受けできません。", day(28));
        }),
    ];

    public static async Task SeedAsync(IServiceProvider services, IHostEnvironment environment, IConfiguration configuration)
    {
        if (!DemoAccounts.AreEnabled(environment, configuration))
        {
            return;
        }

        await using var scope = services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        if (await db.ParticipationApplications.AnyAsync())
        {
            return;
        }

        var now = scope.ServiceProvider.GetRequiredService<TimeProvider>().GetUtcNow().UtcDateTime;
        var protector = scope.ServiceProvider.GetRequiredService<IDataProtectionProvider>().CreateProtector(SubmitApplicationHandler.TokenPurpose);
        DateTime DaysAgo(int days) => now.AddDays(-days);
        var number = 0;
        foreach (var demo in All.OrderByDescending(d => d.SubmittedDaysAgo))
        {
            var submitted = DaysAgo(demo.SubmittedDaysAgo);
            var receipt = string.Create(CultureInfo.InvariantCulture, $"MK-{JapanTime.DateOf(submitted).Year}-{++number:D6}");
            var (application, _) = ParticipationApplication.Submit(Data(demo, JapanTime.DateOf(now)), Guid.NewGuid(), receipt, submitted, protector.Protect);
            demo.Review?.Invoke(application, DaysAgo);
            db.ParticipationApplications.Add(application);
        }

        await db.SaveChangesAsync();
        scope.ServiceProvider.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DemoApplications))
            .LogInformation("Created {Count} demo participation applications", All.Length);
    }

    private static ParticipationApplicationData Data(Demo demo, DateOnly today) => new()
    {
        FacilityName = demo.Name,
        FacilityNameKana = demo.Kana,
        FacilityType = demo.Type,
        InstitutionCode = demo.Code,
        PostalCode = "193-0832",
        Address = "東京都八王子市散田町3-10-1",
        Phone = "042-663-0111",
        FounderName = "永生　太郎",
        FounderTitle = "理事長",
        ManagerName = "永生　花子",
        ManagerTitle = "院長",
        AdministratorName = "八王子　一郎",
        AdministratorNameKana = "ハチオウジ　イチロウ",
        AdministratorDepartment = "事務部",
        AdministratorPhone = "042-663-0112",
        AdministratorEmail = "demo-admin@example.jp",
        UserCount = 5,
        PcTerminalCount = 2,
        IpadTerminalCount = 1,
        Connection = ConnectionType.InternetSsl,
        DesiredStartDate = today.AddDays(30),
        AgreesToIdLinkTerms = true,
        AgreesToOperatingRules = true,
        PrivacyPolicyUpdated = true,
    };
}
