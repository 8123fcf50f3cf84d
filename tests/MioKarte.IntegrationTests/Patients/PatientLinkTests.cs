using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.Core.Patients;
using MioKarte.IntegrationTests.Gateway;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Patients;

[Collection(GatewayCollection.Name)]
public sealed class PatientLinkTests(LinkingPortal portal) : IClassFixture<LinkingPortal>
{
    private SheetPatient Patient(int index = 0) => portal.Patients[index];

    [Fact]
    public async Task A_patient_whose_sex_birth_date_and_kana_match_is_linked_listed_and_logged()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var patient = Patient();

        using var response = await client.SubmitLinkAsync(portal.SheetOf(patient, "A-0001"));

        var links = await client.FollowAsync(response);
        Assert.Contains("患者IDを登録しました", links.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        var link = Assert.Single(await portal.LinksOfAsync(clinic.Id));
        Assert.Equal(patient.PatientId, link.DisclosingPatientId);
        Assert.Equal(new DateOnly(2026, 11, 20), link.ConsentDate);
        Assert.True(link.IsActiveAt(portal.Clock.GetUtcNow().UtcDateTime));
        Assert.Equal(ConsentScanFormat.Pdf, link.ConsentScanContentType);
        Assert.True(File.Exists(Path.Combine(portal.DataFolder, ConsentScanStore.FolderName, link.ConsentScanFile!)));
        var stored = Assert.Single(await portal.PatientsOfAsync(clinic.Id));
        Assert.Equal("A-0001", stored.LocalPatientId);

        var list = await client.GetDocumentAsync("/patients");
        var row = list.QuerySelector($"tr[data-patient='{stored.Id}']")!;
        Assert.Contains(Core.Text.JapaneseText.Name(patient.NameKanji)!, row.TextContent, StringComparison.Ordinal);
        Assert.Contains(portal.Hospitals[patient.FacilityCode].Name, row.TextContent, StringComparison.Ordinal);
        Assert.Equal($"/patients/{stored.Id}", row.QuerySelector("a")!.GetAttribute("href"));
        var log = await portal.AccessLogOfAsync(clinic.Id);
        Assert.Contains(log, e => e.Action == AccessAction.PatientLinked && e.PatientLinkId == link.Id && e.FacilityPatientId == stored.Id);
        Assert.Contains(log, e => e.Action == AccessAction.PatientList);
    }

    [Theory]
    [InlineData("hiragana")]
    [InlineData("half-width")]
    [InlineData("no-space")]
    [InlineData("small-kana-as-large")]
    public async Task The_kana_name_is_compared_after_normalisation(string variant)
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var patient = Patient(1);
        var kana = variant switch
        {
            "hiragana" => new string(patient.NameKana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c).ToArray()),
            "half-width" => patient.NameKana.Normalize(System.Text.NormalizationForm.FormKC) is var k && HalfWidth(k) is var h ? h : k,
            "no-space" => patient.NameKana.Replace(" ", "", StringComparison.Ordinal),
            _ => patient.NameKana.Replace("ョ", "ヨ", StringComparison.Ordinal).Replace("ュ", "ユ", StringComparison.Ordinal).Replace("ャ", "ヤ", StringComparison.Ordinal).Replace("ッ", "ツ", StringComparison.Ordinal) + "",
        };
        var values = portal.SheetOf(patient, "K-1");
        values["NameKana"] = kana;

        using var response = await client.SubmitLinkAsync(values);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Single(await portal.LinksOfAsync(clinic.Id));
    }

    [Fact]
    public async Task The_error_summary_names_each_field_it_is_about()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var values = portal.SheetOf(Patient(3), "T-2");
        values["NameKana"] = "";
        values["ConsentObtainedBy"] = "";

        using var refused = await client.SubmitLinkAsync(values, scanName: "同意書.pdf");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, refused.StatusCode);
        var page = await HtmlClient.ParseAsync(refused);
        var entries = page.QuerySelectorAll(".notice--error li a").Select(a => (a.GetAttribute("href"), a.TextContent.Trim())).ToList();
        Assert.Contains(("#NameKana", "氏名（フリガナ）：入力してください。"), entries);
        Assert.Contains(("#ConsentObtainedBy", "同意取得者：入力してください。"), entries);
        Assert.Empty(await portal.LinksOfAsync(clinic.Id));
    }

    [Theory]
    [InlineData("wareki")]
    [InlineData("full-width")]
    public async Task Birth_and_consent_dates_typed_in_wareki_or_full_width_link_the_same_patient(string variant)
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var patient = Patient(1);
        var birth = DateOnly.Parse(patient.BirthDate, System.Globalization.CultureInfo.InvariantCulture);
        var values = portal.SheetOf(patient, "W-1");
        values["BirthDate"] = variant == "wareki"
            ? JapaneseDate.ToWareki(birth)
            : string.Concat(patient.BirthDate.Select(c => char.IsAsciiDigit(c) ? (char)(c - '0' + '０') : '／'));
        values["ConsentDate"] = variant == "wareki" ? "R8.11.20" : "２０２６年１１月２０日";

        using var response = await client.SubmitLinkAsync(values);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var link = Assert.Single(await portal.LinksOfAsync(clinic.Id));
        Assert.Equal(new DateOnly(2026, 11, 20), link.ConsentDate);
    }

    [Fact]
    public async Task A_birth_date_that_does_not_exist_is_named_as_such()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var values = portal.SheetOf(Patient(1), "W-2");
        values["BirthDate"] = "昭和23年2月30日";

        using var response = await client.SubmitLinkAsync(values);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("日付「昭和23年2月30日」を読み取れません。その月にその日はありません。", page.GetElementById("BirthDate-error")!.TextContent, StringComparison.Ordinal);
        Assert.Empty(await portal.LinksOfAsync(clinic.Id));
    }

    [Fact]
    public async Task After_a_typo_the_corrected_form_is_sent_without_choosing_the_scan_again()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var (other, _, _) = await portal.ClinicUserAsync();
        var patient = Patient(3);
        var values = portal.SheetOf(patient, "T-1");
        values["BirthDate"] = DateOnly.Parse(patient.BirthDate, System.Globalization.CultureInfo.InvariantCulture).AddDays(2).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);

        using var typo = await client.SubmitLinkAsync(values, scanName: "同意書_山田.pdf");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, typo.StatusCode);
        var page = await HtmlClient.ParseAsync(typo);
        Assert.Contains("同意書_山田.pdf", page.GetElementById("ConsentScan-held")!.TextContent, StringComparison.Ordinal);
        var seal = page.QuerySelector("input[name=heldScan]")!.GetAttribute("value")!;
        var heldFolder = Path.Combine(portal.DataFolder, ConsentScanStore.FolderName, "held");
        var heldFiles = Directory.GetFiles(heldFolder).Length;
        values["BirthDate"] = patient.BirthDate;
        values["heldScan"] = seal;

        // Another user cannot use the seal: the scan is asked for again and nothing is linked.
        using var stolen = await other.SubmitLinkWithoutFileAsync(values);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, stolen.StatusCode);
        Assert.NotNull((await HtmlClient.ParseAsync(stolen)).GetElementById("ConsentScan-error"));

        using var corrected = await client.SubmitLinkWithoutFileAsync(values);

        Assert.Equal(HttpStatusCode.Redirect, corrected.StatusCode);
        var link = Assert.Single(await portal.LinksOfAsync(clinic.Id));
        Assert.Equal(ConsentScanFormat.Pdf, link.ConsentScanContentType);
        Assert.Equal(PatientLinkSteps.PdfScan, await File.ReadAllBytesAsync(Path.Combine(portal.DataFolder, ConsentScanStore.FolderName, link.ConsentScanFile!)));
        Assert.Equal(heldFiles - 1, Directory.GetFiles(heldFolder).Length);
    }

    /// <summary>Full-width katakana → half-width (ｶﾀｶﾅ with ﾞ), as some systems print it.</summary>
    private static string HalfWidth(string kana)
    {
        const string full = "アイウエオカキクケコサシスセソタチツテトナニヌネノハヒフヘホマミムメモヤユヨラリルレロワヲンァィゥェォャュョッー";
        const string half = "ｱｲｳｴｵｶｷｸｹｺｻｼｽｾｿﾀﾁﾂﾃﾄﾅﾆﾇﾈﾉﾊﾋﾌﾍﾎﾏﾐﾑﾒﾓﾔﾕﾖﾗﾘﾙﾚﾛﾜｦﾝｧｨｩｪｫｬｭｮｯｰ";
        var voiced = "ガギグゲゴザジズゼゾダヂヅデドバビブベボ";
        var voicedBase = "カキクケコサシスセソタチツテトハヒフヘホ";
        var semi = "パピプペポ";
        var builder = new System.Text.StringBuilder();
        foreach (var c in kana)
        {
            if (voiced.IndexOf(c, StringComparison.Ordinal) is var v and >= 0)
            {
                builder.Append(half[full.IndexOf(voicedBase[v], StringComparison.Ordinal)]).Append('ﾞ');
            }
            else if (semi.IndexOf(c, StringComparison.Ordinal) is var s and >= 0)
            {
                builder.Append(half[full.IndexOf("ハヒフヘホ"[s], StringComparison.Ordinal)]).Append('ﾟ');
            }
            else
            {
                var i = full.IndexOf(c, StringComparison.Ordinal);
                builder.Append(i >= 0 ? half[i] : c == '　' ? ' ' : c);
            }
        }

        return builder.ToString();
    }

    [Theory]
    [InlineData("Sex", "性別が")]
    [InlineData("BirthDate", "生年月日が")]
    [InlineData("NameKana", "氏名（フリガナ）が")]
    public async Task A_field_that_disagrees_with_the_disclosing_facility_is_refused_by_name_and_nothing_is_saved(string field, string message)
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var patient = Patient(2);
        var values = portal.SheetOf(patient, "M-1");
        values[field] = field switch
        {
            "Sex" => patient.Sex == "Male" ? "Female" : "Male",
            "BirthDate" => DateOnly.Parse(patient.BirthDate, System.Globalization.CultureInfo.InvariantCulture).AddDays(1).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture),
            _ => "ベツジン　タロウ",
        };

        using var response = await client.SubmitLinkAsync(values);

        await portal.AssertRefusedAndNothingSavedAsync(response, clinic.Id, field, message);
    }

    [Fact]
    public async Task A_patient_id_the_disclosing_facility_does_not_have_is_refused()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var values = portal.SheetOf(Patient(), "N-1");
        values["DisclosingPatientId"] = "99999999";

        using var response = await client.SubmitLinkAsync(values);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("この患者IDの患者は登録されていません", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await portal.LinksOfAsync(clinic.Id));
    }

    [Fact]
    public async Task A_facility_that_is_not_disclosing_cannot_be_chosen_nor_posted()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var viewing = await portal.AddFacilityAsync("閲覧だけの診療所", institutionCode: "1319999999");
        var suspended = await portal.AddFacilityAsync("停止中の病院", role: FacilityRole.Disclosing, type: FacilityType.Hospital, institutionCode: "1318888888",
            then: f => f.Suspend("seed", "試験", portal.Clock.GetUtcNow().UtcDateTime));

        var form = await client.GetDocumentAsync("/patients/new");
        var options = form.QuerySelectorAll("#DisclosingFacilityId option").Select(o => o.GetAttribute("value")).ToList();
        Assert.Contains(portal.Hospitals[Patient().FacilityCode].Id.ToString(), options);
        Assert.DoesNotContain(viewing.Id.ToString(), options);
        Assert.DoesNotContain(suspended.Id.ToString(), options);
        Assert.DoesNotContain(clinic.Id.ToString(), options);

        var values = portal.SheetOf(Patient(), "V-1");
        values["DisclosingFacilityId"] = viewing.Id.ToString();
        using var response = await client.SubmitLinkAsync(values);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("情報開示施設ではない", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await portal.LinksOfAsync(clinic.Id));
    }

    [Fact]
    public async Task An_executable_renamed_to_pdf_is_refused_by_its_content()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        byte[] executable = [0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0];

        using var response = await client.SubmitLinkAsync(portal.SheetOf(Patient(), "X-1"), executable, "consent.pdf", "application/pdf");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("ファイルの中身で判定", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await portal.LinksOfAsync(clinic.Id));
    }

    [Fact]
    public async Task Html_behind_a_pdf_header_is_refused_and_nothing_is_saved()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var polyglot = "%PDF-1.4<html><script>alert(document.cookie)</script></html>\n%%EOF\n"u8.ToArray();

        using var response = await client.SubmitLinkAsync(portal.SheetOf(Patient(), "P-1"), polyglot, "consent.pdf", "application/pdf");

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("同意書のファイルを開けませんでした", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await portal.LinksOfAsync(clinic.Id));
        Assert.False(Directory.Exists(Path.Combine(portal.DataFolder, ConsentScanStore.FolderName, clinic.Id.ToString("N"))));
    }

    [Fact]
    public async Task A_scan_of_12_MB_comes_back_on_the_form_with_the_limit_said()
    {
        // Before: the action's request limit was 11 MB, so the upload was cut off (a connection reset in a browser).
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var large = new byte[12 * 1024 * 1024];
        PatientLinkSteps.PdfScan.CopyTo(large, 0);

        using var response = await client.SubmitLinkAsync(portal.SheetOf(Patient(), "L-2"), large);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Contains("10MBまで", page.GetElementById("ConsentScan-error")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("L-2", page.QuerySelector("input[name=LocalPatientId]")!.GetAttribute("value"));
        Assert.Empty(await portal.LinksOfAsync(clinic.Id));
    }

    [Fact]
    public async Task A_scan_over_10_MB_is_refused()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var large = new byte[(10 * 1024 * 1024) + 1];
        PatientLinkSteps.PdfScan.CopyTo(large, 0);

        using var response = await client.SubmitLinkAsync(portal.SheetOf(Patient(), "L-1"), large);

        Assert.Equal(HttpStatusCode.UnprocessableEntity, response.StatusCode);
        Assert.Contains("10MBまで", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await portal.LinksOfAsync(clinic.Id));
    }

    [Fact]
    public async Task Linking_the_same_patient_twice_is_harmless()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var values = portal.SheetOf(Patient(3), "D-1");

        using var first = await client.SubmitLinkAsync(values);
        using var second = await client.SubmitLinkAsync(values);

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        Assert.EndsWith("done=already", second.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Single(await portal.LinksOfAsync(clinic.Id));
        Assert.Single(await portal.PatientsOfAsync(clinic.Id));
    }

    [Fact]
    public async Task One_local_patient_holds_links_to_several_disclosing_facilities()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        var person = portal.Patients.GroupBy(p => (p.NameKana, p.BirthDate, p.Sex)).First(g => g.Select(p => p.FacilityCode).Distinct().Count() > 1).ToList();

        foreach (var registration in person.DistinctBy(p => p.FacilityCode))
        {
            using var response = await client.SubmitLinkAsync(portal.SheetOf(registration, "S-1"));
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        }

        var patient = Assert.Single(await portal.PatientsOfAsync(clinic.Id));
        Assert.Equal(person.Select(p => p.FacilityCode).Distinct().Count(), (await portal.LinksOfAsync(clinic.Id)).Count(l => l.FacilityPatientId == patient.Id));
    }

    [Fact]
    public async Task Withdrawing_consent_ends_the_link_at_once_and_keeps_it_as_history()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        using var linked = await client.SubmitLinkAsync(portal.SheetOf(Patient(), "W-1"));
        var page = await client.FollowAsync(linked);
        var link = Assert.Single(await portal.LinksOfAsync(clinic.Id));

        using var withdrawn = await client.SubmitAsync(page.Form($"/patients/{link.FacilityPatientId}/links/{link.Id}/withdraw"),
            new Dictionary<string, string> { ["reason"] = "患者さまから撤回の申し出" });

        var after = await client.FollowAsync(withdrawn);
        var card = after.QuerySelector($"[data-link='{link.Id}']")!.TextContent;
        Assert.Contains("同意撤回済み", card, StringComparison.Ordinal);
        // Who linked and who withdrew, by name as colleagues know them, not by 利用者ID.
        Assert.Contains("（試験 医師）", card, StringComparison.Ordinal);
        Assert.DoesNotContain(link.LinkedBy, card, StringComparison.Ordinal);
        var stored = Assert.Single(await portal.LinksOfAsync(clinic.Id));
        Assert.False(stored.IsActiveAt(portal.Clock.GetUtcNow().UtcDateTime));
        Assert.Equal("患者さまから撤回の申し出", stored.WithdrawalReason);
        var list = await client.GetDocumentAsync("/patients");
        Assert.Contains("連携終了", list.QuerySelector($"tr[data-patient='{link.FacilityPatientId}']")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(await portal.AccessLogOfAsync(clinic.Id), e => e.Action == AccessAction.ConsentWithdrawn && e.PatientLinkId == link.Id);

        // The same form again (a double submit) changes nothing.
        using var again = await client.SubmitAsync(page.Form($"/patients/{link.FacilityPatientId}/links/{link.Id}/withdraw"),
            new Dictionary<string, string> { ["reason"] = "二度目" });
        Assert.Equal(HttpStatusCode.Redirect, again.StatusCode);
        Assert.Equal("患者さまから撤回の申し出", Assert.Single(await portal.LinksOfAsync(clinic.Id)).WithdrawalReason);
    }

    [Fact]
    public async Task The_consent_scan_is_a_logged_download_with_its_checked_type()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();
        using var linked = await client.SubmitLinkAsync(portal.SheetOf(Patient(4), "C-1"));
        var link = Assert.Single(await portal.LinksOfAsync(clinic.Id));

        using var scan = await client.GetAsync(new Uri($"/patients/{link.FacilityPatientId}/links/{link.Id}/consent", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, scan.StatusCode);
        Assert.Equal("application/pdf", scan.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", scan.Content.Headers.ContentDisposition!.DispositionType);
        Assert.Equal("nosniff", scan.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal(PatientLinkSteps.PdfScan, await scan.Content.ReadAsByteArrayAsync());
        Assert.Contains(await portal.AccessLogOfAsync(clinic.Id), e => e.Action == AccessAction.ConsentScan && e.PatientLinkId == link.Id);
    }

    [Fact]
    public async Task Another_facilitys_patient_and_link_ids_answer_not_found()
    {
        var (owner, ownerClinic, _) = await portal.ClinicUserAsync();
        using var linked = await owner.SubmitLinkAsync(portal.SheetOf(Patient(5), "O-1"));
        var link = Assert.Single(await portal.LinksOfAsync(ownerClinic.Id));
        var (other, _, _) = await portal.ClinicUserAsync();
        var page = await other.GetDocumentAsync("/patients");

        using var links = await other.GetAsync(new Uri($"/patients/{link.FacilityPatientId}/links", UriKind.Relative));
        using var scan = await other.GetAsync(new Uri($"/patients/{link.FacilityPatientId}/links/{link.Id}/consent", UriKind.Relative));
        using var withdraw = await other.PostWithTokenAsync(page, $"/patients/{link.FacilityPatientId}/links/{link.Id}/withdraw",
            new Dictionary<string, string> { ["reason"] = "他院から", ["version"] = link.Version.ToString() });

        Assert.Equal(HttpStatusCode.NotFound, links.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, scan.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, withdraw.StatusCode);
        Assert.True(Assert.Single(await portal.LinksOfAsync(ownerClinic.Id)).IsActiveAt(portal.Clock.GetUtcNow().UtcDateTime));
        Assert.DoesNotContain(link.FacilityPatientId.ToString(), page.Body!.InnerHtml, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_user_without_the_linking_right_sees_the_list_but_cannot_link()
    {
        var (client, _, _) = await portal.ClinicUserAsync(UserRights.ViewClinicalData);

        var list = await client.GetDocumentAsync("/patients");
        using var form = await client.GetAsync(new Uri("/patients/new", UriKind.Relative));

        Assert.Null(list.QuerySelector("a[href='/patients/new']"));
        Assert.NotEqual(HttpStatusCode.OK, form.StatusCode);
    }

    [Fact]
    public async Task Emergency_access_by_a_physician_is_granted_for_a_reason_logged_and_reported_at_once()
    {
        var (client, clinic, user) = await portal.ClinicUserAsync(UserRights.ViewClinicalData, StaffJob.Physician);
        var patient = Patient();

        using var started = await StartEmergencyByIdAsync(client, patient, "意識障害で救急搬送、処方歴の確認が必要");

        var grantPage = await client.FollowAsync(started);
        Assert.Contains(patient.NameKanji.Split(' ')[0], grantPage.QuerySelector("#emergency-patient")!.TextContent, StringComparison.Ordinal);
        var grantId = Guid.Parse(started.Headers.Location!.OriginalString.Split('/')[^1]);
        var now = portal.Clock.GetUtcNow().UtcDateTime;
        var grant = await portal.WithServiceAsync<EmergencyAccessGrant?, Core.Data.MioKarteDbContext>(db => db.EmergencyAccessGrants.FindActiveAsync(grantId, user.Id, new ActingFacility(clinic.Id), now));
        Assert.NotNull(grant);
        Assert.Equal(now.AddHours(24), grant.ExpiresAtUtc);
        var log = await portal.AccessLogOfAsync(clinic.Id);
        Assert.Contains(log, e => e.Action == AccessAction.EmergencyAccess && e.IsEmergency && e.Target == "EmergencyAccessGrant/" + grantId);
        Assert.Contains(log, e => e.Action == AccessAction.PatientRecord && e.IsEmergency);
        var mails = await portal.OutboxAsync(m => m.Kind == "EmergencyAccessStarted" && m.TextBody.Contains(grantId.ToString()));
        Assert.Contains(mails, m => m.ToAddress.StartsWith("admin", StringComparison.Ordinal));
        Assert.Contains(mails, m => m.ToAddress == "council@example.jp");
        Assert.All(mails, m => Assert.DoesNotContain(patient.PatientId, m.TextBody, StringComparison.Ordinal));
        Assert.All(mails, m => Assert.DoesNotContain(patient.NameKanji, m.TextBody, StringComparison.Ordinal));

        // After the configured duration the grant shows nothing; nor does it serve another user.
        Assert.Null(await portal.WithServiceAsync<EmergencyAccessGrant?, Core.Data.MioKarteDbContext>(db => db.EmergencyAccessGrants.FindActiveAsync(grantId, user.Id, new ActingFacility(clinic.Id), now.AddHours(24))));
        Assert.Null(await portal.WithServiceAsync<EmergencyAccessGrant?, Core.Data.MioKarteDbContext>(db => db.EmergencyAccessGrants.FindActiveAsync(grantId, "someone-else", new ActingFacility(clinic.Id), now)));
        var (colleague, _, _) = await portal.ClinicUserAsync(UserRights.ViewClinicalData, StaffJob.Physician);
        using var notTheirs = await colleague.GetAsync(started.Headers.Location);
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
    }

    [Fact]
    public async Task Under_an_emergency_grant_the_physician_opens_the_record_table_and_every_view_is_logged_as_emergency()
    {
        var (client, clinic, user) = await portal.ClinicUserAsync(UserRights.ViewClinicalData, StaffJob.Physician);
        var patient = Patient();
        using var started = await StartEmergencyByIdAsync(client, patient, "夜間救急で来院、投薬歴の確認が必要");
        var grantPage = await client.FollowAsync(started);
        var grantId = Guid.Parse(started.Headers.Location!.OriginalString.Split('/')[^1]);

        var recordAddress = grantPage.QuerySelector("#open-emergency-record")!.GetAttribute("href")!;
        var record = await client.GetDocumentAsync(recordAddress);

        // The grant has its own address; the patients' address never takes a grant's id for a patient.
        Assert.Equal($"/patients/emergency/{grantId}/record", recordAddress);
        using var asPatient = await client.GetAsync(new Uri($"/patients/{grantId}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, asPatient.StatusCode);
        Assert.Contains("非常時アクセスで閲覧しています", record.GetElementById("emergency-banner")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(patient.NameKanji.Split(' ')[0], record.QuerySelector(".record-head__name")!.TextContent, StringComparison.Ordinal);
        Assert.Contains(patient.PatientId, record.QuerySelector(".record-head__facts")!.TextContent, StringComparison.Ordinal);
        Assert.Null(record.QuerySelector($"a[href='/patients/{grantId}/links']"));
        // The whole history by month, so that the demo patient's data is in the table whatever today is.
        var all = await client.GetDocumentAsync(recordAddress + "?zoom=month&from=2000-01-01&to=2030-12-31");
        var cell = all.QuerySelector("a.cell[href]");
        Assert.NotNull(cell);
        Assert.StartsWith(recordAddress + "?", cell.GetAttribute("href"), StringComparison.Ordinal);
        Assert.Equal($"{recordAddress}/refresh", all.QuerySelector("form[action$='/refresh']")!.GetAttribute("action"));
        using var detail = await client.GetAsync(new Uri(cell.GetAttribute("href")!, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, detail.StatusCode);
        // The rows of the table and the detail (not the grant page's own row, which names the grant alone).
        var rows = (await portal.AccessLogOfAsync(clinic.Id))
            .Where(e => e.Action is AccessAction.PatientRecord or AccessAction.RecordDetail && e.Target != $"EmergencyAccessGrant/{grantId}").ToList();
        Assert.Contains(rows, e => e.Action == AccessAction.PatientRecord);
        Assert.Contains(rows, e => e.Action == AccessAction.RecordDetail);
        Assert.All(rows, e =>
        {
            Assert.True(e.IsEmergency);
            Assert.Null(e.FacilityPatientId);
            Assert.Null(e.PatientLinkId);
            Assert.StartsWith($"EmergencyAccessGrant/{grantId} ", e.Target, StringComparison.Ordinal);
        });

        // Nobody else opens it, and once its time is over neither does the physician.
        var (colleague, _, _) = await portal.ClinicUserAsync(UserRights.ViewClinicalData, StaffJob.Physician);
        using var notTheirs = await colleague.GetAsync(new Uri(recordAddress, UriKind.Relative));
        Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
        var now = portal.Clock.GetUtcNow().UtcDateTime;
        var expired = EmergencyAccessGrant.Start(user.Id, user.UserName!, clinic.Id, portal.Hospitals[patient.FacilityCode].Id, patient.PatientId,
            "終わった非常時アクセス", now.AddHours(-25), TimeSpan.FromHours(24));
        await portal.WithServiceAsync<int, Core.Data.MioKarteDbContext>(db =>
        {
            db.EmergencyAccessGrants.Add(expired);
            return db.SaveChangesAsync();
        });
        using var over = await client.GetAsync(new Uri($"/patients/emergency/{expired.Id}/record", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Gone, over.StatusCode);
        Assert.Contains("非常時アクセスの期間は終了しました", (await HtmlClient.ParseAsync(over)).GetElementById("record-gone")!.TextContent, StringComparison.Ordinal);
    }

    /// <summary>The emergency form with the disclosing facility's patient id and a reason; answers the redirect to the grant.</summary>
    private async Task<HttpResponseMessage> StartEmergencyByIdAsync(HttpClient client, SheetPatient patient, string reason)
    {
        var form = await client.GetDocumentAsync("/patients/emergency");
        return await client.SubmitAsync(form.Form("/patients/emergency"), new Dictionary<string, string>
        {
            ["DisclosingFacilityId"] = portal.Hospitals[patient.FacilityCode].Id.ToString(),
            ["DisclosingPatientId"] = patient.PatientId,
            ["Reason"] = reason,
        });
    }

    [Fact]
    public async Task Emergency_access_finds_a_patient_by_kana_birth_date_and_sex_together()
    {
        var (client, clinic, user) = await portal.ClinicUserAsync(UserRights.ViewClinicalData, StaffJob.Physician);
        var patient = Patient(2);
        var form = await client.GetDocumentAsync("/patients/emergency");
        var fields = new Dictionary<string, string>
        {
            ["DisclosingFacilityId"] = portal.Hospitals[patient.FacilityCode].Id.ToString(),
            ["DisclosingPatientId"] = "",
            ["NameKana"] = new string(patient.NameKana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c).ToArray()),
            ["BirthDate"] = patient.BirthDate,
            ["Sex"] = patient.Sex == "Male" ? "Female" : "Male",
            ["Reason"] = "救急外来で意識障害、既往歴の確認が必要",
        };

        // With the wrong sex nobody matches and nothing starts.
        using var none = await client.SubmitAsync(form.Form("/patients/emergency"), fields);
        Assert.Equal(HttpStatusCode.UnprocessableEntity, none.StatusCode);
        Assert.Contains("すべてが一致する患者はいません", await none.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        fields["Sex"] = patient.Sex;
        using var started = await client.SubmitAsync(form.Form("/patients/emergency"), fields);

        Assert.Equal(HttpStatusCode.Redirect, started.StatusCode);
        var grantId = Guid.Parse(started.Headers.Location!.OriginalString.Split('/')[^1]);
        var grant = await portal.WithServiceAsync<EmergencyAccessGrant?, Core.Data.MioKarteDbContext>(db =>
            db.EmergencyAccessGrants.FindActiveAsync(grantId, user.Id, new ActingFacility(clinic.Id), portal.Clock.GetUtcNow().UtcDateTime));
        Assert.Equal(patient.PatientId, grant!.DisclosingPatientId);
        Assert.Single(await portal.AccessLogOfAsync(clinic.Id), e => e.Action == AccessAction.EmergencyAccess);
    }

    [Fact]
    public async Task The_gateway_searches_a_facilitys_patients_by_standard_fhir_demographics()
    {
        var patient = Patient(1);
        var client = portal.Services.GetRequiredService<Core.Gateway.DataCenterClient>();
        // The emergency form's search (purpose ETREAT): the center finds Patients no facility has linked only for it.
        var acting = new Core.Gateway.ActingContext("tester", "1320000000", "search-check", Core.Gateway.PurposesOfUse.Emergency);
        var birth = DateOnly.Parse(patient.BirthDate, System.Globalization.CultureInfo.InvariantCulture);
        var sex = patient.Sex == "Male" ? Core.Common.Sex.Male : Core.Common.Sex.Female;

        var byFullName = await client.SearchPatientsAsync(patient.FacilityCode, patient.NameKana, birth, sex, acting, CancellationToken.None);
        var byFamilyName = await client.SearchPatientsAsync(patient.FacilityCode, patient.NameKana.Split(' ')[0], birth, sex, acting, CancellationToken.None);
        // Typed in hiragana, as the portal's kana comparison allows.
        var hiragana = string.Concat(patient.NameKana.Select(c => c is >= 'ァ' and <= 'ヶ' ? (char)(c - 0x60) : c));
        var byHiragana = await client.SearchPatientsAsync(patient.FacilityCode, hiragana, birth, sex, acting, CancellationToken.None);
        var otherDay = await client.SearchPatientsAsync(patient.FacilityCode, patient.NameKana, birth.AddDays(1), sex, acting, CancellationToken.None);
        var otherName = await client.SearchPatientsAsync(patient.FacilityCode, "ンンン", birth, sex, acting, CancellationToken.None);
        var otherFacility = DemoFacilitiesOtherThan(patient.FacilityCode);
        var elsewhere = await client.SearchPatientsAsync(otherFacility, patient.NameKana, birth, sex, acting, CancellationToken.None);

        Assert.Equal(patient.PatientId, Assert.Single(byFullName).FacilityPatientId);
        Assert.Contains(byFamilyName, p => p.FacilityPatientId == patient.PatientId);
        Assert.Equal(patient.PatientId, Assert.Single(byHiragana).FacilityPatientId);
        Assert.Empty(otherDay);
        Assert.Empty(otherName);
        // The identifier system names the facility: the same person elsewhere has that facility's own id.
        Assert.All(elsewhere, p => Assert.NotEqual(patient.PatientId, p.FacilityPatientId));
    }

    private string DemoFacilitiesOtherThan(string code) => portal.Hospitals.Keys.First(k => k != code);

    [Fact]
    public async Task Emergency_access_needs_a_physician_and_a_reason()
    {
        var (nurse, _, _) = await portal.ClinicUserAsync(UserRights.ViewClinicalData, StaffJob.Nurse);
        using var refused = await nurse.GetAsync(new Uri("/patients/emergency", UriKind.Relative));
        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        // Only a 医師 is offered the button on the patient list.
        Assert.Null((await nurse.GetDocumentAsync("/patients")).QuerySelector("a[href='/patients/emergency']"));

        var (doctor, clinic, _) = await portal.ClinicUserAsync(UserRights.ViewClinicalData, StaffJob.Physician);
        Assert.NotNull((await doctor.GetDocumentAsync("/patients")).QuerySelector("a[href='/patients/emergency']"));
        var form = await doctor.GetDocumentAsync("/patients/emergency");
        using var noReason = await doctor.SubmitAsync(form.Form("/patients/emergency"), new Dictionary<string, string>
        {
            ["DisclosingFacilityId"] = portal.Hospitals[Patient().FacilityCode].Id.ToString(),
            ["DisclosingPatientId"] = Patient().PatientId,
            ["Reason"] = "",
        });
        Assert.Equal(HttpStatusCode.UnprocessableEntity, noReason.StatusCode);
        Assert.DoesNotContain(await portal.AccessLogOfAsync(clinic.Id), e => e.Action == AccessAction.EmergencyAccess);
    }
}

public sealed class UnreachableCenterTests(UnreachableCenterPortal portal) : IClassFixture<UnreachableCenterPortal>
{
    [Fact]
    public async Task When_the_data_center_cannot_be_reached_nothing_is_saved_and_the_user_is_told()
    {
        var (client, clinic, _) = await portal.ClinicUserAsync();

        using var response = await client.SubmitLinkAsync(portal.SheetOf(portal.Patients[0], "U-1"));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Contains("データセンターに接続できない", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Empty(await portal.LinksOfAsync(clinic.Id));
        Assert.Empty(await portal.PatientsOfAsync(clinic.Id));
    }
}
