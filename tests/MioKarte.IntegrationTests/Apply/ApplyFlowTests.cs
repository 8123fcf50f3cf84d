using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Apply;

/// <summary>The public 参加申込 flow through real pages and forms, antiforgery tokens included.</summary>
public sealed class ApplyFlowTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    // Step 1 typed the way people type: full-width digits, hiragana, no hyphen in the postal code.
    private static readonly Dictionary<string, string>[] Steps = TypedLikeAPerson(SampleApplication.Steps());

    private static Dictionary<string, string>[] TypedLikeAPerson(Dictionary<string, string>[] steps)
    {
        steps[0]["FacilityNameKana"] = "みなみたま くりにっく";
        steps[0]["InstitutionCode"] = "０１１０１１３７１９";
        steps[0]["PostalCode"] = "1930832";
        steps[0]["Address"] = "東京都八王子市散田町３－１０－１";
        steps[0]["Phone"] = "０４２－６６３－０１１１";
        return steps;
    }

    [Fact]
    public async Task A_clinic_applies_in_four_steps_and_lands_on_its_status_page_with_mail_queued()
    {
        using var client = portal.CreatePortalClient();

        var confirm = await WalkToConfirmationAsync(client);
        Assert.Contains("ミナミタマ　クリニック", confirm.QuerySelector("dl.confirm")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("042-663-0111", confirm.Body!.TextContent, StringComparison.Ordinal);

        using var submitted = await SubmitAsync(client, confirm);

        Assert.Equal(HttpStatusCode.Redirect, submitted.StatusCode);
        var status = await client.GetDocumentAsync(submitted.Headers.Location!.OriginalString);
        var receipt = status.QuerySelector(".receipt-number")!.TextContent;
        Assert.Matches(@"^MK-2026-\d{6}$", receipt);
        Assert.Contains("書類到着待ち", status.QuerySelector(".status-badge")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("〒193-0832", status.Body!.TextContent, StringComparison.Ordinal);

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var stored = await db.ParticipationApplications.SingleAsync(a => a.ReceiptNumber == receipt);
        Assert.Equal("0110113719", stored.Data.InstitutionCode);
        Assert.Equal("東京都八王子市散田町3-10-1", stored.Data.Address);
        var mails = await db.OutboxMessages.Where(m => m.Subject.Contains(receipt)).Select(m => new { m.Kind, m.ToAddress, m.TextBody }).ToListAsync();
        Assert.Contains(mails, m => m.Kind == "ApplicationReceipt" && m.ToAddress == "kanri@example.jp" && m.TextBody.Contains(submitted.Headers.Location!.OriginalString, StringComparison.Ordinal));
        Assert.Contains(mails, m => m.Kind == "ApplicationNotice" && m.ToAddress == "mio-karte@eisei.or.jp");
    }

    [Fact]
    public async Task The_status_page_offers_the_two_forms_as_PDF_downloads_and_the_receipt_mail_carries_them()
    {
        using var client = portal.CreatePortalClient();
        var confirm = await WalkToConfirmationAsync(client, facilityName: "印刷確認クリニック");
        using var submitted = await SubmitAsync(client, confirm);
        var statusPath = submitted.Headers.Location!.OriginalString;
        var status = await client.GetDocumentAsync(statusPath);

        var links = status.QuerySelectorAll(".form-downloads a").Select(a => a.GetAttribute("href")!).ToList();
        using var pdf = await client.GetAsync(new Uri(links[1], UriKind.Relative));
        using var missing = await client.GetAsync(new Uri(statusPath + "/forms/9", UriKind.Relative));

        Assert.Equal(2, links.Count);
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("attachment", pdf.Content.Headers.ContentDisposition!.DispositionType);
        Assert.StartsWith("%PDF", System.Text.Encoding.ASCII.GetString(await pdf.Content.ReadAsByteArrayAsync(), 0, 4), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var receipt = await db.OutboxMessages.Include(m => m.Attachments)
            .SingleAsync(m => m.Kind == "ApplicationReceipt" && m.TextBody.Contains("印刷確認クリニック"));
        Assert.Equal(2, receipt.Attachments.Count);
        Assert.All(receipt.Attachments, a => Assert.Equal("application/pdf", a.ContentType));
    }

    [Fact]
    public async Task The_status_page_and_the_receipt_mail_name_every_seal_box_and_describe_the_activation_link()
    {
        using var client = portal.CreatePortalClient();
        var confirm = await WalkToConfirmationAsync(client, facilityName: "押印確認クリニック");
        using var submitted = await SubmitAsync(client, confirm);
        var status = await client.GetDocumentAsync(submitted.Headers.Location!.OriginalString);

        var sealBoxes = status.QuerySelectorAll(".next-steps .seal-boxes > li").Select(li => li.TextContent.Trim()).ToList();
        Assert.Equal(
        [
            "① 「ID-Link」サービス 契約申込書（閲覧施設様用）新規申込用：「申込者印」",
            "② 医療法人社団永生会 地域医療連携システム 施設入会申込書：「開設者印」「管理者印」",
        ], sealBoxes);
        var body = status.Body!.TextContent;
        Assert.Contains("下記宛に郵送", body, StringComparison.Ordinal);
        Assert.Contains(CouncilPostalAddress.Street, status.QuerySelector("address.postal-address")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("利用開始のご案内", status.QuerySelector(".after-registration")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("パスワードや電子証明書をメールでお送りすることはありません", body, StringComparison.Ordinal);

        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        var mail = await db.OutboxMessages.SingleAsync(m => m.Kind == "ApplicationReceipt" && m.TextBody.Contains("押印確認クリニック"));
        Assert.All(
            ["「申込者印」", "「開設者印」「管理者印」", "下記宛に郵送", CouncilPostalAddress.Block, "利用開始のご案内（一度だけ使えるリンク）",
             "ご自身でパスワードを設定し", "認証アプリを登録", "電子証明書をポータルから取得", "パスワードや電子証明書をメールでお送りすることはありません"],
            phrase => Assert.Contains(phrase, mail.TextBody, StringComparison.Ordinal));
        Assert.DoesNotContain("「お届け印」", mail.TextBody, StringComparison.Ordinal); // no ④ without the on-demand VPN
    }

    [Fact]
    public async Task Submitting_the_same_form_twice_creates_one_application_and_shows_the_same_status_page()
    {
        using var client = portal.CreatePortalClient();
        var confirm = await WalkToConfirmationAsync(client, facilityName: "二重送信クリニック");

        using var first = await SubmitAsync(client, confirm);
        using var second = await SubmitAsync(client, confirm);

        Assert.Equal(first.Headers.Location, second.Headers.Location);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        Assert.Equal(1, await db.ParticipationApplications.CountAsync(a => a.Data.FacilityName == "二重送信クリニック"));
        Assert.Equal(1, await db.OutboxMessages.CountAsync(m => m.Kind == "ApplicationReceipt" && m.TextBody.Contains("二重送信クリニック")));
    }

    [Fact]
    public async Task A_mistake_is_named_beside_its_field_in_Japanese_and_every_entered_value_is_kept()
    {
        using var client = portal.CreatePortalClient();
        var page = await client.GetDocumentAsync("/apply");
        var typed = new Dictionary<string, string>(Steps[0]) { ["Phone"] = "12345", ["FacilityNameKana"] = "南多摩" };

        var again = await client.SubmitAndFollowAsync(page.Form("/apply"), With(typed, "next"));

        Assert.Equal("0から始まる10桁または11桁の番号を入力してください（例：042-663-0111）。", again.GetElementById("Phone-error")!.TextContent);
        Assert.Equal("カタカナで入力してください。", again.GetElementById("FacilityNameKana-error")!.TextContent);
        Assert.Equal("true", again.GetElementById("Phone")!.GetAttribute("aria-invalid"));
        Assert.Equal("南多摩クリニック", Input(again, "FacilityName"));
        Assert.Equal("東京都八王子市散田町3-10-1", Input(again, "Address"));
        Assert.Equal("193-0832", Input(again, "PostalCode"));
        Assert.Contains("2 件の誤り", again.QuerySelector("#error-summary")!.TextContent, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Going_back_keeps_what_was_entered_on_later_steps()
    {
        using var client = portal.CreatePortalClient();
        var page = await client.GetDocumentAsync("/apply");
        var step2 = await client.SubmitAndFollowAsync(page.Form("/apply"), With(Steps[0], "next"));
        var step1 = await client.SubmitAndFollowAsync(step2.Form("/apply"), With(Steps[1], "back"));

        var step2Again = await client.SubmitAndFollowAsync(step1.Form("/apply"), With([], "next"));

        Assert.Equal("kanri@example.jp", Input(step2Again, "AdministratorEmail"));
        Assert.Equal("ミナミタマ　ハナコ", Input(step2Again, "AdministratorNameKana"));
    }

    [Fact]
    public async Task A_forged_final_post_with_invalid_data_is_refused_and_stores_nothing()
    {
        using var client = portal.CreatePortalClient();
        var confirm = await WalkToConfirmationAsync(client, facilityName: "改ざんクリニック");
        var form = confirm.Form("/apply");

        var page = await client.SubmitAndFollowAsync(form, new Dictionary<string, string> { ["AdministratorEmail"] = "not-an-address" }, "/apply/submit");

        Assert.Equal("https://localhost/apply/step/2", page.Url);
        Assert.NotNull(page.GetElementById("AdministratorEmail-error"));
        await using var scope = portal.Services.CreateAsyncScope();
        Assert.Equal(0, await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().ParticipationApplications.CountAsync(a => a.Data.FacilityName == "改ざんクリニック"));
    }

    [Fact]
    public async Task After_submitting_the_confirmation_steps_address_which_Back_requests_leads_to_the_status_page()
    {
        using var client = portal.CreatePortalClient();
        var confirm = await WalkToConfirmationAsync(client, facilityName: "戻る確認クリニック");
        Assert.Equal("https://localhost/apply/step/5", confirm.Url);

        using var submitted = await SubmitAsync(client, confirm);
        using var back = await client.GetAsync(new Uri("/apply/step/5", UriKind.Relative));
        using var furtherBack = await client.GetAsync(new Uri("/apply/step/2", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, back.StatusCode);
        Assert.Equal(submitted.Headers.Location, back.Headers.Location);
        Assert.Equal(submitted.Headers.Location, furtherBack.Headers.Location);
        await using var scope = portal.Services.CreateAsyncScope();
        Assert.Equal(1, await scope.ServiceProvider.GetRequiredService<MioKarteDbContext>().ParticipationApplications.CountAsync(a => a.Data.FacilityName == "戻る確認クリニック"));
    }

    [Fact]
    public async Task Each_step_is_a_GET_that_shows_the_same_page_on_reload_and_the_steps_reached_on_Back_from_a_sealed_cookie_only()
    {
        using var client = portal.CreatePortalClient();
        var page = await client.GetDocumentAsync("/apply");
        using var toStep2 = await client.SubmitAsync(page.Form("/apply"), With(new Dictionary<string, string>(Steps[0]) { ["FacilityName"] = "再読込確認クリニック" }, "next"));

        Assert.Equal(HttpStatusCode.SeeOther, toStep2.StatusCode);
        Assert.Equal("/apply/step/2", toStep2.Headers.Location!.OriginalString);
        var cookie = Assert.Single(toStep2.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Secure-MioKarte.Apply=", StringComparison.Ordinal));
        Assert.All(["path=/apply", "secure", "samesite=strict", "httponly", "max-age=7200"], attribute => Assert.Contains(attribute, cookie, StringComparison.OrdinalIgnoreCase));
        Assert.DoesNotContain("193-0832", Uri.UnescapeDataString(cookie), StringComparison.Ordinal); // sealed, not readable
        var shown = await client.GetDocumentAsync("/apply/step/2");
        var reloaded = await client.GetDocumentAsync("/apply/step/2");
        var step1 = await client.GetDocumentAsync("/apply/step/1"); // the Back button
        using var notReached = await client.GetAsync(new Uri("/apply/step/4", UriKind.Relative));

        Assert.Equal(shown.QuerySelector("form")!.InnerHtml.Length, reloaded.QuerySelector("form")!.InnerHtml.Length);
        Assert.Contains("ステップ 2/5", reloaded.QuerySelector("h2")!.TextContent, StringComparison.Ordinal);
        Assert.Equal("再読込確認クリニック", Input(step1, "FacilityName"));
        Assert.Equal("/apply/step/2", notReached.Headers.Location!.OriginalString);
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        Assert.False(await db.ApplicationDrafts.AnyAsync());
        Assert.False(await db.ParticipationApplications.AnyAsync(a => a.Data.FacilityName == "再読込確認クリニック"));
    }

    [Fact]
    public async Task A_step_address_without_a_form_in_progress_starts_the_form()
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri("/apply/step/3", UriKind.Relative));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/apply", response.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task An_unknown_status_token_is_a_404()
    {
        using var client = portal.CreatePortalClient();

        using var response = await client.GetAsync(new Uri("/apply/status/no-such-token", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    private static async Task<IDocument> WalkToConfirmationAsync(HttpClient client, string facilityName = "南多摩クリニック")
    {
        var page = await client.GetDocumentAsync("/apply");
        foreach (var step in Steps)
        {
            var values = new Dictionary<string, string>(step);
            if (values.ContainsKey("FacilityName"))
            {
                values["FacilityName"] = facilityName;
            }

            page = await client.SubmitAndFollowAsync(page.Form("/apply"), With(values, "next"));
            Assert.Null(page.QuerySelector("#error-summary"));
        }

        Assert.NotNull(page.QuerySelector("button[formaction='/apply/submit']"));
        return page;
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient client, IDocument confirm) =>
        client.SubmitAsync(confirm.Form("/apply"), new Dictionary<string, string>(), "/apply/submit");

    private static Dictionary<string, string> With(Dictionary<string, string> values, string nav) => new(values) { ["nav"] = nav };

    private static string? Input(IDocument page, string id) => ((IHtmlInputElement?)page.GetElementById(id))?.Value;
}
