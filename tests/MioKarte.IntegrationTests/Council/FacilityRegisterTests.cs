using System.Net;
using System.Text;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using MioKarte.Core.Applications;
using MioKarte.Core.Facilities;
using MioKarte.Core.Identity;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Council;

/// <summary>施設台帳: list, detail, status moves, contacts, disclosing facilities and CSV, as the council uses them.</summary>
public sealed class FacilityRegisterTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    [Fact]
    public async Task The_register_filters_by_role_status_type_and_free_text_and_counts_each_status()
    {
        var clinic = await portal.AddFacilityAsync("絞込A診療所", "シボリコミエー", institutionCode: "1312345679");
        var hospital = await portal.AddFacilityAsync("絞込B病院", "シボリコミビー", FacilityRole.Disclosing, FacilityType.Hospital);
        var pharmacy = await portal.AddFacilityAsync("絞込C薬局", "シボリコミシー", type: FacilityType.Pharmacy, then: f => f.Suspend("seed", "確認中", DateTime.UtcNow));
        var closed = await portal.AddFacilityAsync("絞込D診療所", "シボリコミディー", then: f => f.Withdraw("seed", "閉院", DateTime.UtcNow));
        await portal.AddFacilityAsync("無関係クリニック", "ムカンケイ");
        using var council = await portal.CouncilStaffClientAsync("council.filter");

        var all = await council.GetDocumentAsync("/council/facilities?q=絞込");

        // Sorted by 施設コード by default: D (disclosing) before V (viewing).
        Assert.Equal(new[] { clinic.Code, hospital.Code, pharmacy.Code, closed.Code }.Order(StringComparer.Ordinal), Codes(all));
        Assert.Equal("2", Count(all, "Active"));
        Assert.Equal("1", Count(all, "Suspended"));
        Assert.Equal("1", Count(all, "Withdrawn"));
        Assert.Equal([hospital.Code], Codes(await council.GetDocumentAsync("/council/facilities?q=絞込&role=Disclosing")));
        Assert.Equal([pharmacy.Code], Codes(await council.GetDocumentAsync("/council/facilities?q=絞込&status=Suspended")));
        Assert.Equal([pharmacy.Code], Codes(await council.GetDocumentAsync("/council/facilities?q=絞込&type=Pharmacy")));
        Assert.Equal([clinic.Code], Codes(await council.GetDocumentAsync("/council/facilities?q=しぼりこみえー")));
        Assert.Equal([hospital.Code], Codes(await council.GetDocumentAsync("/council/facilities?q=" + hospital.Code.ToLowerInvariant())));
        Assert.Equal([clinic.Code], Codes(await council.GetDocumentAsync("/council/facilities?q=１３１２３４５６７９")));
        Assert.Equal([closed.Code], Codes(await council.GetDocumentAsync("/council/facilities?q=絞込 診療所&status=Withdrawn")));
        var none = await council.GetDocumentAsync("/council/facilities?q=存在しない施設");
        Assert.Contains("条件に合う施設はありません。", none.Body!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_register_pages_by_twenty_and_sorts_by_the_chosen_column()
    {
        const string kana = "アイウエオカキクケコサシスセソタチツテトナニヌ";
        var codes = new List<string>();
        for (var i = 0; i < 23; i++)
        {
            // Names sort one way, kana the other, so the name sort is seen to follow the kana.
            codes.Add((await portal.AddFacilityAsync($"頁送り{i:00}", "ページオクリ" + kana[22 - i])).Code);
        }

        using var council = await portal.CouncilStaffClientAsync("council.paging");

        var first = await council.GetDocumentAsync("/council/facilities?q=頁送り");
        var second = await council.GetDocumentAsync("/council/facilities?q=頁送り&page=2");
        var beyond = await council.GetDocumentAsync("/council/facilities?q=頁送り&page=99");
        var byName = await council.GetDocumentAsync("/council/facilities?q=頁送り&sort=name");
        var byCodeDescending = await council.GetDocumentAsync("/council/facilities?q=頁送り&sort=-code");

        Assert.Equal(codes.Take(20), Codes(first));
        Assert.Equal(codes.Skip(20), Codes(second));
        Assert.Equal(codes.Skip(20), Codes(beyond));
        Assert.Contains("1 / 2 ページ", first.QuerySelector(".pager")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("/council/facilities?q=%E9%A0%81%E9%80%81%E3%82%8A&page=2", first.QuerySelector(".pager a[rel=next]")!.GetAttribute("href"));
        Assert.Contains("23件", first.QuerySelector(".register__count")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(Enumerable.Reverse(codes).Take(20), Codes(byName));
        Assert.Equal("ascending", byName.QuerySelector("th[aria-sort]")!.GetAttribute("aria-sort"));
        Assert.Equal(Enumerable.Reverse(codes).Take(20), Codes(byCodeDescending));
    }

    [Fact]
    public async Task The_detail_shows_every_field_the_users_against_the_allowance_and_the_history()
    {
        var facility = await portal.AddFacilityAsync("詳細クリニック", "ショウサイクリニック", institutionCode: "1317654323", userAllowance: 2);
        await portal.CreateUserAsync("detail.admin", PortalRoles.FacilityAdministrator, "詳細 管理者", facility.Id);
        var locked = await portal.CreateUserAsync("detail.staff", PortalRoles.Staff, "詳細 利用者", facility.Id);
        Assert.True(await portal.WithServiceAsync<bool, Microsoft.AspNetCore.Identity.UserManager<PortalUser>>(async users =>
            (await users.SetLockoutEndDateAsync((await users.FindByIdAsync(locked.Id))!, portal.Clock.GetUtcNow().AddMinutes(30))).Succeeded));
        using var council = await portal.CouncilStaffClientAsync("council.detail");

        var page = await council.GetDocumentAsync($"/council/facilities/{facility.Id}");

        var facts = page.QuerySelector(".facts")!.TextContent;
        foreach (var expected in new[] { facility.Code, "詳細クリニック", "ショウサイクリニック", "閲覧施設", "診療所", "1317654323", "193-0832", "東京都八王子市散田町1-1", "042-600-0000", "2 / 2人", "2026/11/23 09:00" })
        {
            Assert.Contains(expected, facts, StringComparison.Ordinal);
        }

        Assert.Contains("利用者（2人 / 上限2人）", page.Body!.TextContent, StringComparison.Ordinal);
        var members = page.QuerySelectorAll(".register-table:not(.facility-history) tbody tr").Select(r => r.TextContent).ToList();
        Assert.Contains(members, m => m.Contains("detail.admin", StringComparison.Ordinal) && m.Contains("管理責任者", StringComparison.Ordinal) && !m.Contains("ロック中", StringComparison.Ordinal));
        Assert.Contains(members, m => m.Contains("detail.staff", StringComparison.Ordinal) && m.Contains("詳細 利用者", StringComparison.Ordinal) && m.Contains("ロック中", StringComparison.Ordinal));
        var history = Assert.Single(page.QuerySelectorAll(".facility-history tbody tr"));
        Assert.Contains("登録", history.TextContent, StringComparison.Ordinal);
        Assert.NotNull(page.QuerySelector($"form[action='/council/facilities/{facility.Id}/suspend']"));
        Assert.Null(page.QuerySelector($"form[action='/council/facilities/{facility.Id}/reinstate']"));
    }

    [Fact]
    public async Task Suspending_records_who_when_and_why_and_a_second_submit_of_the_same_form_changes_nothing()
    {
        var facility = await portal.AddFacilityAsync("停止クリニック");
        using var council = await portal.CouncilStaffClientAsync("council.suspend", "停止 担当");
        var page = await council.GetDocumentAsync($"/council/facilities/{facility.Id}");
        var form = page.Form($"/council/facilities/{facility.Id}/suspend");

        using var first = await council.SubmitAsync(form, new Dictionary<string, string> { ["reason"] = "利用料の未納" });
        using var second = await council.SubmitAsync(form, new Dictionary<string, string> { ["reason"] = "利用料の未納" });

        Assert.Equal(HttpStatusCode.Redirect, first.StatusCode);
        Assert.Equal($"/council/facilities/{facility.Id}?done=Suspended", first.Headers.Location!.OriginalString);
        Assert.Equal(HttpStatusCode.Redirect, second.StatusCode);
        var stored = await portal.ReloadAsync(facility.Id);
        Assert.Equal(FacilityStatus.Suspended, stored.Status);
        var suspension = Assert.Single(stored.Events, e => e.Kind == FacilityEventKind.Suspended);
        Assert.Equal(("council.suspend", "利用料の未納"), (suspension.Actor, suspension.Reason));

        var after = await council.GetDocumentAsync(first.Headers.Location.OriginalString);
        Assert.Equal("利用停止", after.GetElementById("facility-status")!.TextContent.Trim());
        Assert.Contains("利用を停止しました。", after.QuerySelector("[role=status]")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("停止 担当（council.suspend）", after.QuerySelector(".facility-history tbody tr")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("利用料の未納", after.QuerySelector(".facility-history tbody tr")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(after.QuerySelector($"form[action='/council/facilities/{facility.Id}/reinstate']"));
    }

    [Fact]
    public async Task A_suspension_without_a_reason_is_refused_in_Japanese_and_changes_nothing()
    {
        var facility = await portal.AddFacilityAsync("理由なしクリニック");
        using var council = await portal.CouncilStaffClientAsync("council.noreason");

        using var response = await council.SubmitStatusFormAsync(facility.Id, "suspend", "   ");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Equal("理由を入力してください。", page.QuerySelector("[role=alert]")!.TextContent.Trim());
        Assert.Equal(FacilityStatus.Active, (await portal.ReloadAsync(facility.Id)).Status);
    }

    [Fact]
    public async Task When_two_council_staff_act_at_once_the_second_is_told_who_changed_it_first()
    {
        var facility = await portal.AddFacilityAsync("同時操作クリニック");
        using var first = await portal.CouncilStaffClientAsync("council.first", "先手 花子");
        using var second = await portal.CouncilStaffClientAsync("council.second", "後手 次郎");
        var firstPage = await first.GetDocumentAsync($"/council/facilities/{facility.Id}");
        var secondPage = await second.GetDocumentAsync($"/council/facilities/{facility.Id}");

        using var suspended = await first.SubmitAsync(firstPage.Form($"/council/facilities/{facility.Id}/suspend"), new Dictionary<string, string> { ["reason"] = "調査中" });
        using var late = await second.SubmitAsync(secondPage.Form($"/council/facilities/{facility.Id}/withdraw"), new Dictionary<string, string> { ["reason"] = "閉院" });

        Assert.Equal(HttpStatusCode.Redirect, suspended.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, late.StatusCode);
        var page = await HtmlClient.ParseAsync(late);
        Assert.Equal("先手 花子さんがすでにこの施設を変更しました。最新の内容を確認してから、もう一度操作してください。", page.QuerySelector("[role=alert]")!.TextContent.Trim());
        Assert.Equal("利用停止", page.GetElementById("facility-status")!.TextContent.Trim());
        var stored = await portal.ReloadAsync(facility.Id);
        Assert.Equal(FacilityStatus.Suspended, stored.Status);
        Assert.DoesNotContain(stored.Events, e => e.Kind == FacilityEventKind.Withdrawn);
    }

    [Fact]
    public async Task An_illegal_move_is_refused_on_the_server_with_a_Japanese_message()
    {
        var facility = await portal.AddFacilityAsync("不正操作クリニック");
        using var council = await portal.CouncilStaffClientAsync("council.illegal");
        var page = await council.GetDocumentAsync($"/council/facilities/{facility.Id}");
        var suspendForm = page.Form($"/council/facilities/{facility.Id}/suspend");

        // A forged form: 利用再開 of an active facility, with the current version and a valid token.
        suspendForm.Action = $"/council/facilities/{facility.Id}/reinstate";
        using var response = await council.SubmitAsync(suspendForm, new Dictionary<string, string>());

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        var result = await HtmlClient.ParseAsync(response);
        Assert.Equal("この施設は「利用中」のため、利用再開はできません。", result.QuerySelector("[role=alert]")!.TextContent.Trim());
        var stored = await portal.ReloadAsync(facility.Id);
        Assert.Equal((FacilityStatus.Active, 1), (stored.Status, stored.Events.Count));
    }

    [Fact]
    public async Task Withdrawal_is_final()
    {
        var facility = await portal.AddFacilityAsync("退会クリニック");
        using var council = await portal.CouncilStaffClientAsync("council.withdraw");
        var before = await council.GetDocumentAsync($"/council/facilities/{facility.Id}");
        var contactsForm = (await council.GetDocumentAsync($"/council/facilities/{facility.Id}/contacts")).Form($"/council/facilities/{facility.Id}/contacts");

        using var withdrawn = await council.SubmitAsync(before.Form($"/council/facilities/{facility.Id}/withdraw"), new Dictionary<string, string> { ["reason"] = "閉院のため" });

        Assert.Equal(HttpStatusCode.Redirect, withdrawn.StatusCode);
        var after = await council.GetDocumentAsync($"/council/facilities/{facility.Id}");
        Assert.Empty(after.QuerySelectorAll($"form[action^='/council/facilities/{facility.Id}/']"));
        Assert.Contains("退会済みの施設は変更できません。", after.Body!.TextContent, StringComparison.Ordinal);
        Assert.Null(after.QuerySelector($"a[href='/council/facilities/{facility.Id}/contacts']"));

        var version = (await portal.ReloadAsync(facility.Id)).Version.ToString();
        foreach (var move in new[] { "reinstate", "suspend", "withdraw" })
        {
            using var forged = await council.PostWithTokenAsync(after, $"/council/facilities/{facility.Id}/{move}", new Dictionary<string, string>
            {
                ["version"] = version,
                ["reason"] = "再開してほしい",
            });
            Assert.Equal(HttpStatusCode.Conflict, forged.StatusCode);
            Assert.Contains("この施設は「退会」のため", (await HtmlClient.ParseAsync(forged)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        }

        contactsForm.QuerySelector<IHtmlInputElement>("input[name=version]")!.Value = version;
        using var contacts = await council.SubmitAsync(contactsForm, new Dictionary<string, string> { ["Address"] = "東京都八王子市別町1-1" });
        Assert.Equal(HttpStatusCode.Conflict, contacts.StatusCode);
        var stored = await portal.ReloadAsync(facility.Id);
        Assert.Equal(FacilityStatus.Withdrawn, stored.Status);
        Assert.Equal("東京都八王子市散田町1-1", stored.Address);
        Assert.Equal(2, stored.Events.Count);
    }

    [Fact]
    public async Task Contact_details_are_corrected_with_the_application_rules_and_a_stale_form_is_refused()
    {
        var facility = await portal.AddFacilityAsync("連絡先クリニック");
        using var council = await portal.CouncilStaffClientAsync("council.contacts", "連絡 三郎");
        var form = (await council.GetDocumentAsync($"/council/facilities/{facility.Id}/contacts")).Form($"/council/facilities/{facility.Id}/contacts");

        using var invalid = await council.SubmitAsync(form, new Dictionary<string, string> { ["Phone"] = "123" });
        var invalidPage = await HtmlClient.ParseAsync(invalid);
        Assert.Contains("0から始まる10桁または11桁", invalidPage.GetElementById("Phone-error")!.TextContent, StringComparison.Ordinal);

        using var saved = await council.SubmitAsync(form, new Dictionary<string, string> { ["PostalCode"] = "１９２００８３", ["Phone"] = "042-999-0000" });
        using var repeated = await council.SubmitAsync(form, new Dictionary<string, string> { ["PostalCode"] = "１９２００８３", ["Phone"] = "042-999-0000" });
        using var stale = await council.SubmitAsync(form, new Dictionary<string, string> { ["Phone"] = "042-111-0000" });

        Assert.Equal(HttpStatusCode.Redirect, saved.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, repeated.StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("連絡 三郎さんがすでにこの施設を変更しました。", (await HtmlClient.ParseAsync(stale)).QuerySelector("[role=alert]")!.TextContent, StringComparison.Ordinal);
        var stored = await portal.ReloadAsync(facility.Id);
        Assert.Equal(("192-0083", "042-999-0000"), (stored.PostalCode, stored.Phone));
        Assert.Single(stored.Events, e => e.Kind == FacilityEventKind.ContactsChanged);
    }

    [Fact]
    public async Task The_CSV_of_the_filtered_list_opens_in_Excel_with_Japanese_headers_and_guarded_cells()
    {
        var plain = await portal.AddFacilityAsync("CSV出力クリニック", "シーエスブイ");
        var risky = await portal.AddFacilityAsync("=CSV出力(1+2)", "キケン", then: f => f.Suspend("seed", "確認中, 要連絡\n再開は未定", DateTime.UtcNow));
        await portal.AddFacilityAsync("CSV対象外クリニック");
        using var council = await portal.CouncilStaffClientAsync("council.csv");

        using var response = await council.GetAsync(new Uri("/council/facilities/export.csv?q=CSV出力", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv; charset=utf-8", response.Content.Headers.ContentType!.ToString());
        var today = MioKarte.Core.Hosting.JapanTime.Today(portal.Clock).ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
        var disposition = Assert.Single(response.Content.Headers.GetValues("Content-Disposition"));
        Assert.StartsWith("attachment", disposition, StringComparison.Ordinal);
        Assert.Contains($"filename=facilities_{today}.csv", disposition, StringComparison.Ordinal);
        Assert.Contains($"filename*=UTF-8''%E6%96%BD%E8%A8%AD%E4%B8%80%E8%A6%A7_{today}.csv", disposition, StringComparison.Ordinal);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(new byte[] { 0xEF, 0xBB, 0xBF }, bytes[..3]);
        var text = Encoding.UTF8.GetString(bytes, 3, bytes.Length - 3);
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        var lines = text.Split("\r\n");
        Assert.Equal("施設コード,施設名,施設名（フリガナ）,役割,施設の種別,医療機関コード,郵便番号,所在地,電話番号,状態,状態の理由,利用者数,利用者数の上限,端末数の上限,登録日時,状態変更日時,状態変更者", lines[0]);
        Assert.Equal($"{plain.Code},CSV出力クリニック,シーエスブイ,閲覧施設,診療所,,193-0832,東京都八王子市散田町1-1,042-600-0000,利用中,,0,5,3,2026/11/23 09:00,2026/11/23 09:00,seed", lines[1]);
        Assert.StartsWith($"{risky.Code},'=CSV出力(1+2),キケン,閲覧施設,診療所,,", lines[2], StringComparison.Ordinal);
        Assert.Contains(",利用停止,\"確認中, 要連絡\n再開は未定\",", lines[2], StringComparison.Ordinal);
        Assert.Equal(4, lines.Length); // header, two facilities, and the empty string after the last CRLF
    }

    [Fact]
    public async Task A_disclosing_facility_added_by_the_council_gets_the_next_D_code_and_a_repeated_submit_adds_nothing()
    {
        using var council = await portal.CouncilStaffClientAsync("council.add", "追加 四郎");
        var form = (await council.GetDocumentAsync("/council/facilities/new")).Form("/council/facilities/new");
        var values = DisclosingHospital("八王子中央病院", "1310000011");

        using var added = await council.SubmitAsync(form, values);
        using var again = await council.SubmitAsync(form, values);

        Assert.Equal(HttpStatusCode.Redirect, added.StatusCode);
        Assert.Equal(added.Headers.Location, again.Headers.Location);
        Assert.EndsWith("?done=Registered", added.Headers.Location!.OriginalString, StringComparison.Ordinal);
        Assert.Equal(1, await portal.CountFacilitiesAsync("八王子中央病院"));
        var page = await council.GetDocumentAsync(added.Headers.Location.OriginalString);
        var code = page.QuerySelector(".facts dd.code")!.TextContent.Trim();
        Assert.Matches("^D[0-9]{5}$", code);
        Assert.Contains("情報開示施設", page.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("ハチオウジチュウオウビョウイン", page.QuerySelector(".facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("追加 四郎（council.add）", page.QuerySelector(".facility-history")!.TextContent, StringComparison.Ordinal);

        // The next one follows it.
        using var next = await council.SubmitAsync(form, DisclosingHospital("八王子北病院", "1312222225"));
        var nextPage = await council.GetDocumentAsync(next.Headers.Location!.OriginalString);
        Assert.Equal(FacilityCode.Format(FacilityRole.Disclosing, int.Parse(code[1..], System.Globalization.CultureInfo.InvariantCulture) + 1), nextPage.QuerySelector(".facts dd.code")!.TextContent.Trim());
    }

    [Fact]
    public async Task A_disclosing_facility_with_a_wrong_institution_code_is_answered_in_Japanese_and_nothing_is_saved()
    {
        using var council = await portal.CouncilStaffClientAsync("council.invalid");
        var form = (await council.GetDocumentAsync("/council/facilities/new")).Form("/council/facilities/new");

        using var response = await council.SubmitAsync(form, DisclosingHospital("誤コード病院", "1310000012"));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var page = await HtmlClient.ParseAsync(response);
        Assert.Equal("コードの最後の検証番号が合いません。入力に誤りがないかご確認ください。", page.GetElementById("InstitutionCode-error")!.TextContent.Trim());
        Assert.Equal("誤コード病院", ((IHtmlInputElement)page.GetElementById("FacilityName")!).Value);
        Assert.Equal(0, await portal.CountFacilitiesAsync("誤コード病院"));
    }

    [Fact]
    public async Task The_institution_code_of_a_facility_already_in_the_network_is_refused_for_another_one()
    {
        var existing = await portal.AddFacilityAsync("既存クリニック", institutionCode: "1317777777");
        using var council = await portal.CouncilStaffClientAsync("council.duplicate");
        var form = (await council.GetDocumentAsync("/council/facilities/new")).Form("/council/facilities/new");

        using var response = await council.SubmitAsync(form, DisclosingHospital("重複病院", "1317777777"));

        var page = await HtmlClient.ParseAsync(response);
        Assert.Equal($"この医療機関コードはすでに {existing.Code} 既存クリニック に登録されています。コードをご確認ください。", page.GetElementById("InstitutionCode-error")!.TextContent.Trim());
        Assert.Equal(0, await portal.CountFacilitiesAsync("重複病院"));
    }

    private static Dictionary<string, string> DisclosingHospital(string name, string institutionCode) => new()
    {
        ["FacilityName"] = name,
        ["FacilityNameKana"] = name switch
        {
            "八王子中央病院" => "はちおうじちゅうおうびょういん",
            _ => "テストビョウイン",
        },
        ["FacilityType"] = "Hospital",
        ["InstitutionCode"] = institutionCode,
        ["PostalCode"] = "192-0083",
        ["Address"] = "東京都八王子市旭町1-1",
        ["Phone"] = "042-600-1111",
        ["UserAllowance"] = "30",
        ["TerminalAllowance"] = "10",
    };

    private static List<string> Codes(IDocument page) =>
        [.. page.QuerySelectorAll("tbody tr[data-code]").Select(r => r.GetAttribute("data-code")!)];

    private static string Count(IDocument page, string status) =>
        page.QuerySelector($".status-tabs a[data-status={status}] .status-tabs__count")!.TextContent.Trim();
}
