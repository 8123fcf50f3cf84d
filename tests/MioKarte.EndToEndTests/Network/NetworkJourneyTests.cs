using System.Diagnostics;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using MioKarte.EndToEndTests.Infrastructure;
using Xunit.Abstractions;
using static MioKarte.EndToEndTests.Network.NetworkSteps;

namespace MioKarte.EndToEndTests.Network;

/// <summary>
/// The whole network from an empty database, through the product only (docs/registration.md,
/// "Starting a network from nothing"): the operator creates two council accounts with
/// add-council-staff, the council adds the referring hospital, a facility applies, is approved by
/// one council member and registered by the other, its 管理責任者 activates from the mail that
/// reached a real SMTP server and takes the first terminal certificate; on that terminal
/// (certificates required over real TLS) the 管理責任者 adds a member of staff and a second
/// terminal; she activates from her mail, links a referred patient of the hospital on her terminal
/// and opens the record and a lab result; the 管理責任者 finds both views in the access log.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class NetworkJourneyTests(BrowserFixture browser, ITestOutputHelper output) : IDisposable
{
    private const string CouncilPassword = "Renkei-Kyogikai-2026!";
    // Not the 管理責任者's name (カンリ セキニン) in romaji: the portal refuses a password holding it.
    private const string AdministratorPassword = "Chiiki-Iryou-2026!";
    private const string StaffPassword = "Genba-Riyousha-2026!";

    private readonly string certificates = Directory.CreateTempSubdirectory("miokarte-network-").FullName;

    public static TheoryData<string> Facilities() => [.. Journey.All.Keys];

    [Theory]
    [MemberData(nameof(Facilities))]
    public async Task A_facility_joins_an_empty_network_and_its_staff_open_a_referred_patients_lab_result(string facility)
    {
        var journey = Journey.All[facility];
        var clock = Stopwatch.StartNew();
        using var network = await EmptyNetwork.StartAsync();

        // Day one: nothing in the portal's database — no demo account, facility, application or link.
        Assert.Equal((0, 0, 0, 0), await network.CountAsync());
        await using (var visitor = await NewContextAsync(network, journey.Device))
        {
            var page = await visitor.NewPageAsync();
            await page.GotoAsync("/account/login");
            await page.GetByLabel("利用者ID").FillAsync("council");
            await page.GetByLabel("パスワード").FillAsync(MioKarte.Development.DemoAccounts.Password);
            await page.GetByRole(AriaRole.Button, new() { Name = "ログイン", Exact = true }).ClickAsync();
            await Assertions.Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("利用者IDまたはパスワードが正しくありません。");
        }

        // The operator's bootstrap: two council accounts from the command line; each enrols an authenticator at first sign-in.
        await network.AddCouncilStaffAsync("council.sato", "佐藤　一郎", "sato@council.example.jp", CouncilPassword);
        await network.AddCouncilStaffAsync("council.suzuki", "鈴木　二郎", "suzuki@council.example.jp", CouncilPassword);
        await using var councilA = await NewContextAsync(network, journey.Device);
        var sato = await councilA.NewPageAsync();
        await SignInAndEnrolAsync(sato, "council.sato", CouncilPassword, Shot(journey, "01-council-a"));
        await using var councilB = await NewContextAsync(network, journey.Device);
        var suzuki = await councilB.NewPageAsync();
        await SignInAndEnrolAsync(suzuki, "council.suzuki", CouncilPassword, Shot(journey, "02-council-b"));

        // The register is empty; the council adds the referring hospital with its 医療機関コード as the data center knows it.
        await sato.GotoAsync("/council/facilities");
        await Assertions.Expect(sato.Locator("main")).ToContainTextAsync("条件に合う施設はありません。");
        await sato.SaveScreenshotAsync(Shot(journey, "03-empty-register"));
        var hospital = network.ReferredPatient.Hospital;
        await sato.GetByRole(AriaRole.Link, new() { Name = "情報開示施設を追加" }).ClickAsync();
        await sato.Locator("#FacilityName").FillAsync(hospital.Name);
        await sato.GetByLabel("施設名（フリガナ）").FillAsync("デモビョウイン");
        await sato.GetByLabel("施設の種別").SelectOptionAsync(new SelectOptionValue { Label = "病院" });
        await sato.GetByLabel("医療機関コード").FillAsync(hospital.Code);
        await sato.GetByLabel("郵便番号").FillAsync("193-0832");
        await sato.GetByLabel("所在地").FillAsync("東京都八王子市散田町9-9-1");
        await sato.GetByLabel("電話番号").FillAsync("042-600-0001");
        await sato.GetByLabel("利用者数の上限").FillAsync("20");
        await sato.GetByLabel("端末数の上限").FillAsync("10");
        await sato.SaveScreenshotAsync(Shot(journey, "04-add-hospital"));
        await sato.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
        await Assertions.Expect(sato.Locator(".facts dd.code").First).ToHaveTextAsync("D00001");
        await sato.SaveScreenshotAsync(Shot(journey, "05-hospital-added"));

        // The facility applies on the public pages.
        string receipt;
        await using (var applicantContext = await NewContextAsync(network, journey.Device))
        {
            var applicant = await applicantContext.NewPageAsync();
            receipt = await ApplyAsync(applicant, journey);
        }

        // Council A receives the sealed originals and approves; council B completes the registration (four eyes).
        await sato.GotoAsync("/council/applications");
        await sato.GetByRole(AriaRole.Link, new() { Name = receipt }).ClickAsync();
        var applicationUrl = sato.Url;
        await sato.GetByRole(AriaRole.Button, new() { Name = "書類受領", Exact = true }).ClickAsync();
        await Assertions.Expect(sato.Locator("#current-status")).ToHaveTextAsync("審査中");
        await Screens.ConfirmAsync(sato, "承認");
        await Assertions.Expect(sato.Locator("#current-status")).ToHaveTextAsync("承認");
        await sato.SaveScreenshotAsync(Shot(journey, "07-approved"));
        await suzuki.GotoAsync(applicationUrl + "/register");
        await suzuki.SaveScreenshotAsync(Shot(journey, "08-register"));
        await Screens.ConfirmAsync(suzuki, "登録完了");
        await Assertions.Expect(suzuki.Locator(".council-message")).ToContainTextAsync("登録しました。施設コード V");
        await suzuki.SaveScreenshotAsync(Shot(journey, "09-registered"));

        // The 管理責任者 activates from the mail: own password, authenticator, first terminal certificate.
        var administratorLink = await network.ActivationLinkAsync(journey.AdministratorEmail);
        Account administrator;
        TerminalCertificate firstTerminal;
        await using (var setup = await NewContextAsync(network, journey.Device))
        {
            var page = await setup.NewPageAsync();
            administrator = await ActivateAsync(page, administratorLink, AdministratorPassword, Shot(journey, "10-administrator"));
            Assert.Matches(@"^V\d{5}-01$", administrator.UserName);
            await page.GetByRole(AriaRole.Link, new() { Name = "控えました。電子証明書の取得へ進む" }).ClickAsync();
            await page.GetByLabel("端末の名前").FillAsync("管理用端末");
            await page.GetByRole(AriaRole.Button, new() { Name = "電子証明書を発行する" }).ClickAsync();
            await page.SaveScreenshotAsync(Shot(journey, "11-first-certificate"));
            firstTerminal = await DownloadCertificateAsync(page, certificates);
        }

        // On the terminal holding that certificate (required mode): a member of staff and a second terminal.
        await using var administratorTerminal = await NewContextAsync(network, journey.Device, firstTerminal);
        var admin = await administratorTerminal.NewPageAsync();
        await SignInAsync(admin, administrator);
        await admin.GetByRole(AriaRole.Link, new() { Name = "施設の管理" }).First.ClickAsync();
        await Assertions.Expect(admin.Locator("h1")).ToHaveTextAsync("施設の管理");
        await admin.SaveScreenshotAsync(Shot(journey, "12-facility-console"));
        var staffUserName = await AddStaffAsync(admin, journey);
        var staffTerminal = await AddTerminalAsync(admin, journey);

        // She activates from her mail and signs in on her own terminal.
        var staffLink = await network.ActivationLinkAsync(journey.StaffEmail);
        await using var staffContext = await NewContextAsync(network, journey.Device, staffTerminal);
        var staff = await staffContext.NewPageAsync();
        var staffAccount = await ActivateAsync(staff, staffLink, StaffPassword, Shot(journey, "15-staff"));
        Assert.Equal(staffUserName, staffAccount.UserName);
        await staff.GetByRole(AriaRole.Link, new() { Name = "控えました。MIO Karte へ進む" }).ClickAsync();
        await staff.GetByRole(AriaRole.Button, new() { Name = "ログアウト" }).ClickAsync();
        await SignInAsync(staff, staffAccount);
        await Assertions.Expect(staff).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/patients$")); // staff land on 患者
        await Assertions.Expect(staff.Locator(".signed-in-as")).ToContainTextAsync(journey.StaffName);

        // The referred patient: 患者IDの登録 from the transmittal sheet and consent, then the record and a lab result.
        await LinkPatientAsync(staff, journey, network.ReferredPatient);
        await OpenRecordAndLabResultAsync(staff, journey, network.ReferredPatient);

        // The 管理責任者 checks the access log: both views, by her, from her terminal.
        await admin.GotoAsync("/facility/access-log");
        var log = admin.Locator(".access-log-table tbody");
        await Assertions.Expect(log.Locator("tr").Filter(new() { HasText = "一連の表" }).First).ToContainTextAsync(journey.StaffName);
        await Assertions.Expect(log.Locator("tr").Filter(new() { HasText = "詳細の表示" }).First).ToContainTextAsync(journey.StaffName);
        await Assertions.Expect(log).ToContainTextAsync(journey.StaffTerminalName);
        await admin.AssertNoHorizontalScrollAsync();
        await admin.SaveScreenshotAsync(Shot(journey, "19-access-log"));

        var counts = await network.CountAsync();
        Assert.Equal((4, 2, 1, 1), counts);
        output.WriteLine($"{facility} journey on {journey.Device}: {clock.Elapsed.TotalSeconds:0.0} s");
    }

    public void Dispose() => Directory.Delete(certificates, recursive: true);

    private static string Shot(Journey journey, string step) => $"network-{journey.Key}-{journey.Device.Name}-{step}";

    private static async Task<string> ApplyAsync(IPage page, Journey journey)
    {
        await page.GotoAsync("/");
        await page.GetByRole(AriaRole.Link, new() { Name = "参加を申し込む" }).First.ClickAsync();
        await page.Locator("#FacilityName").FillAsync(journey.FacilityName);
        await page.GetByLabel("施設名（フリガナ）").FillAsync(journey.FacilityNameKana);
        await page.GetByLabel(journey.TypeLabel, new() { Exact = true }).CheckAsync();
        await page.GetByLabel("保険医療機関コード／薬局コード").FillAsync(journey.InstitutionCode);
        await page.GetByLabel("郵便番号").FillAsync("1930832");
        await page.GetByLabel("所在地").FillAsync("東京都八王子市散田町３－１０－１");
        await page.Locator("#Phone").FillAsync("042-663-0111");
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        await page.GetByLabel("開設者 氏名").FillAsync("八王子 一郎");
        await page.GetByLabel("開設者 役職").FillAsync("代表");
        await page.GetByLabel("管理者 氏名").FillAsync("八王子 一郎");
        await page.GetByLabel("管理者 役職").FillAsync("管理者");
        await page.Locator("#AdministratorName").FillAsync(journey.AdministratorName);
        await page.GetByLabel("管理責任者 氏名（フリガナ）").FillAsync("カンリ セキニン");
        await page.GetByLabel("管理責任者 所属部署").FillAsync("事務");
        await page.GetByLabel("管理責任者 電話番号").FillAsync("042-663-0112");
        await page.GetByLabel("管理責任者 メールアドレス").FillAsync(journey.AdministratorEmail);
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        await page.GetByLabel("利用者数（予定）").FillAsync("4");
        await page.GetByLabel("パソコンの台数").FillAsync("1");
        await page.GetByLabel("iPadの台数").FillAsync("1");
        if (journey.OnDemandVpn)
        {
            await page.GetByLabel("オンデマンドVPN（別途申込）").CheckAsync();
            await page.GetByLabel("金融機関名").FillAsync("多摩中央信用金庫");
            await page.GetByLabel("支店名").FillAsync("八王子支店");
            await page.GetByLabel("普通", new() { Exact = true }).CheckAsync();
            await page.GetByLabel("口座番号").FillAsync("1234567");
            await page.GetByLabel("口座名義（フリガナ）").FillAsync(journey.FacilityNameKana);
        }
        else
        {
            await page.GetByLabel("インターネット（SSL暗号化通信）").CheckAsync();
        }

        await page.GetByLabel("利用開始希望日").FillAsync(DateInput(DateTime.Today.AddDays(30)));
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        await page.GetByLabel("「ID-Link」サービス利用約款に同意します").CheckAsync();
        await page.GetByLabel("地域医療連携システムネットワーク運用管理規程に同意します").CheckAsync();
        await page.GetByLabel("個人情報保護方針に共同利用の旨を記載しました（または記載します）").CheckAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "次へ" }).ClickAsync();

        await Assertions.Expect(page.Locator("dl.confirm").First).ToContainTextAsync(journey.FacilityName);
        await page.SaveScreenshotAsync(Shot(journey, "06-apply-confirm"));
        await page.GetByRole(AriaRole.Button, new() { Name = "この内容で申し込む" }).ClickAsync();
        await Assertions.Expect(page.Locator(".status-badge")).ToHaveTextAsync("書類到着待ち");
        await Assertions.Expect(page.Locator(".form-downloads a")).ToHaveCountAsync(journey.OnDemandVpn ? 4 : 2);
        await page.SaveScreenshotAsync(Shot(journey, "06-apply-status"));
        return (await page.Locator(".receipt-number").TextContentAsync())!.Trim();
    }

    /// <summary>利用者の登録 with the job of the facility and both clinical rights; returns the new 利用者ID.</summary>
    private static async Task<string> AddStaffAsync(IPage admin, Journey journey)
    {
        await admin.Locator(".fa-console a[href='/facility/users']").ClickAsync();
        await admin.GetByRole(AriaRole.Link, new() { Name = "利用者を登録" }).ClickAsync();
        await admin.GetByLabel("氏名").FillAsync(journey.StaffName);
        await admin.GetByLabel("フリガナ").FillAsync(journey.StaffNameKana);
        await admin.GetByLabel("メールアドレス").FillAsync(journey.StaffEmail);
        await admin.GetByLabel("職種").SelectOptionAsync(new SelectOptionValue { Label = journey.StaffJob });
        await admin.GetByLabel("診療情報の閲覧").CheckAsync();
        await admin.GetByLabel("患者IDの登録").CheckAsync();
        await admin.SaveScreenshotAsync(Shot(journey, "13-new-staff"));
        await admin.GetByRole(AriaRole.Button, new() { Name = "登録してリンクを送信" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToHaveTextAsync("利用者を登録し、パスワード設定用のリンクをメールで送信しました。");
        await Assertions.Expect(admin.Locator("dl.facts")).ToContainTextAsync(journey.StaffJob);
        return (await admin.Locator("#user-name").TextContentAsync())!.Trim();
    }

    /// <summary>端末の登録 and its certificate, downloaded for her terminal.</summary>
    private async Task<TerminalCertificate> AddTerminalAsync(IPage admin, Journey journey)
    {
        await admin.GotoAsync("/facility/terminals");
        await admin.GetByRole(AriaRole.Link, new() { Name = "端末を登録する" }).ClickAsync();
        await admin.GetByLabel("端末の名前").FillAsync(journey.StaffTerminalName);
        await admin.GetByLabel(journey.Device.Touch ? "iPad" : "PC", new() { Exact = true }).CheckAsync();
        await admin.GetByLabel("設置場所").FillAsync("ナースステーション");
        await admin.GetByLabel("担当者").FillAsync(journey.StaffName);
        await admin.GetByRole(AriaRole.Button, new() { Name = "登録する" }).ClickAsync();
        await Assertions.Expect(admin.GetByRole(AriaRole.Status)).ToContainTextAsync($"端末「{journey.StaffTerminalName}」を登録しました。");
        await admin.GetByRole(AriaRole.Button, new() { Name = "証明書を発行する" }).ClickAsync();
        await Assertions.Expect(admin.Locator("#certificate-password")).ToBeVisibleAsync();
        await admin.SaveScreenshotAsync(Shot(journey, "14-staff-terminal-certificate"));
        return await DownloadCertificateAsync(admin, certificates);
    }

    private static async Task LinkPatientAsync(IPage staff, Journey journey, TransmittalSheet sheet)
    {
        await staff.Locator(".site-header").GetByRole(AriaRole.Link, new() { Name = "患者", Exact = true }).ClickAsync();
        await Assertions.Expect(staff.Locator("h1")).ToHaveTextAsync("患者一覧");
        await staff.SaveScreenshotAsync(Shot(journey, "16-no-patients"));
        await staff.GetByRole(AriaRole.Link, new() { Name = "患者IDの登録" }).ClickAsync();
        await Screens.FillPatientLinkFormAsync(staff, $"{sheet.Hospital.Name}（D00001）", sheet.PatientId, sheet.NameKanji, sheet.NameKana, sheet.Sex, sheet.BirthDate, journey.LocalPatientId);
        await staff.AssertNoHorizontalScrollAsync();
        await staff.SaveScreenshotAsync(Shot(journey, "17-link-patient"));
        await staff.GetByRole(AriaRole.Button, new() { Name = "照合して登録する" }).ClickAsync();
        await Assertions.Expect(staff.GetByRole(AriaRole.Status)).ToContainTextAsync("患者IDを登録しました");
        await Assertions.Expect(staff.Locator("article.link-card")).ToContainTextAsync(sheet.Hospital.Name);
    }

    private static async Task OpenRecordAndLabResultAsync(IPage staff, Journey journey, TransmittalSheet sheet)
    {
        await staff.GetByRole(AriaRole.Link, new() { Name = "患者一覧に戻る" }).ClickAsync();
        await staff.GetByRole(AriaRole.Link, new() { Name = journey.LocalPatientId }).ClickAsync();
        await Assertions.Expect(staff.Locator("h1")).ToContainTextAsync(sheet.NameKanji.Split(' ', '　')[0]);
        // The whole demo history by month (the hospitals' data ends on 2026-10-31).
        await staff.GotoAsync(staff.Url.Split('?')[0] + "?zoom=month&from=2016-11-01&to=2026-10-31");
        var labCell = staff.Locator("tr.cat--lab a.cell").Last;
        await labCell.ScrollIntoViewIfNeededAsync();
        await staff.SaveScreenshotAsync(Shot(journey, "18-record"));
        await labCell.ClickAsync();
        await Assertions.Expect(staff.Locator("#detail .lab-table")).ToBeVisibleAsync();
        await staff.AssertNoHorizontalScrollAsync();
        await staff.SaveScreenshotAsync(Shot(journey, "18-lab-result"));
    }

    private Task<IBrowserContext> NewContextAsync(EmptyNetwork network, Device device, TerminalCertificate? certificate = null) =>
        browser.Browser.NewContextAsync(BrowserFixture.ContextOptions(network.Portal.BaseUrl, device, certificate is null
            ? null
            : new ClientCertificate { Origin = network.Portal.BaseUrl, PfxPath = certificate.PfxPath, Passphrase = certificate.Password }));

    /// <summary>One facility type's journey: who applies, on which device, whom the 管理責任者 adds.</summary>
    private sealed record Journey(
        string Key, Device Device, string TypeLabel, string FacilityName, string FacilityNameKana, string InstitutionCode, bool OnDemandVpn,
        string AdministratorName, string StaffJob, string StaffName, string StaffNameKana, string StaffTerminalName, string LocalPatientId)
    {
        public static readonly IReadOnlyDictionary<string, Journey> All = new Dictionary<string, Journey>
        {
            ["clinic"] = new("clinic", Device.Pc, "診療所", "はじまり内科クリニック", "ハジマリナイカクリニック", "0110113719", false,
                "内科　管理", "看護師", "看護　花子", "カンゴ　ハナコ", "診察室PC", "C-0001"),
            ["pharmacy"] = new("pharmacy", Device.IpadPortrait, "薬局", "はじまり薬局", "ハジマリヤッキョク", "1341234563", true,
                "薬局　管理", "薬剤師", "薬剤　次郎", "ヤクザイ　ジロウ", "投薬台iPad", "P-0001"),
            ["nursing-station"] = new("nursing-station", Device.IpadLandscape, "訪問看護ステーション", "はじまり訪問看護ステーション",
                "ハジマリホウモンカンゴステーション", "1361234568", false, "訪問　管理", "看護師", "訪問　看子", "ホウモン　カンコ", "訪問用iPad", "N-0001"),
        };

        public string AdministratorEmail => $"kanri@{Key}.example.jp";

        public string StaffEmail => $"staff@{Key}.example.jp";

        public override string ToString() => Key;
    }
}
