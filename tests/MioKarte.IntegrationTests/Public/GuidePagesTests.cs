using System.Text.RegularExpressions;
using AngleSharp.Dom;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Public;

/// <summary>
/// The guide pages (閲覧施設様向け 参加説明書, 2nd edition) are public, Japanese by default, and carry the
/// source document's content: the seven data kinds, both application forms and the postal address,
/// the four duties of the 管理責任者, the referral flow and the FAQ.
/// </summary>
public sealed partial class GuidePagesTests(PortalFactory portal) : IClassFixture<PortalFactory>
{
    /// <summary>The index, then every page in the order of the source document.</summary>
    private static readonly string[] Paths =
    [
        "/guide", "/guide/about", "/guide/purpose", "/guide/how-it-is-used", "/guide/what-you-can-see", "/guide/system",
        "/guide/how-to-join", "/guide/contact", "/guide/rules", "/guide/operation", "/guide/council", "/guide/faq",
    ];

    public static TheoryData<string> GuidePaths()
    {
        var data = new TheoryData<string>();
        foreach (var path in Paths)
        {
            data.Add(path);
        }

        return data;
    }

    [Theory]
    [InlineData("/guide", "ご案内 ― MIO Karte 参加説明書（閲覧施設様向け）", "出典", "第2版")]
    [InlineData("/guide/about", "MIO Karte とは？", "医療法人社団永生会", "Medical Information Open Karte", "イタリア語で「私の」")]
    [InlineData("/guide/purpose", "システムの目的", "複数の医療施設の間で緊密な医療連携を行うこと")]
    [InlineData("/guide/how-it-is-used", "システム運用イメージ", "データセンター", "データ開示側（公開施設）", "データ閲覧側（閲覧施設）")]
    [InlineData("/guide/what-you-can-see", "参照出来るもの",
        "注射オーダ", "処方オーダ", "画像オーダ", "画像の結果(JPG)", "検査オーダ・結果", "読影レポート", "診療情報提供書",
        "iPad に電子証明書を実装")]
    [InlineData("/guide/system", "システムの仕組みと参加に必要な環境",
        "データ開示側", "データ閲覧側", "参加費用は無償", "ルーター", "SSL", "盗み見から守ります", "オンデマンドVPN")]
    [InlineData("/guide/how-to-join", "システムへの参加手続き",
        "「ID-Link」サービス利用約款", "① 「ID-Link」サービス 契約申込書（閲覧施設様用）新規申込用", "押印",
        "② 医療法人社団永生会 地域医療連携システム 施設入会申込書",
        "〒193-0832", "東京都八王子市散田町3-10-1", "医療法人社団永生会 南多摩病院 システム室内", "地域医療連携システムネットワーク連絡協議会 宛",
        "③ OD-VPN 契約申込書", "④ 預金口座振替申込書", "利用開始のご案内", "パスワードや電子証明書をメールでお送りすることはありません")]
    [InlineData("/guide/contact", "システムに関する問い合わせ先",
        "042-663-0111", "mio-karte@eisei.or.jp", "「ID-Link」サービス窓口", "necidlink@med.jp.nec.com",
        "「ID-Link」サービスサポート窓口", "support@mykarte.com", "042-662-5890")]
    [InlineData("/guide/rules", "規程・運用管理と管理責任者",
        "運用管理規程",
        "地域医療連携システム MIO Karte のシステム管理者からの連絡窓口",
        "利用者のユーザIDと利用権の登録と管理",
        "接続回線と接続機器およびコンピュータ端末の管理",
        "情報の安全性を侵害する事故が発生した場合の対応と対策",
        "責任分界点", "参加医療機関の管理責任者が管理")]
    [InlineData("/guide/operation", "運用ルール",
        "紹介元医療機関", "紹介先医療機関", "紹介状", "地域医療連携システム 患者情報送信票", "同意書",
        "患者IDを登録", "紹介元が公開施設の場合のみ", "一連の表", "画像検査結果", "投薬・注射・検査結果", "再受診",
        "個人情報保護方針", "地域医療連携システムの共同利用に参加した他の病院、診療所、助産院、薬局、訪問看護ステーション")]
    [InlineData("/guide/council", "連絡協議会", "定例会", "常時受け付けています", "042-663-0111", "mio-karte@eisei.or.jp")]
    [InlineData("/guide/faq", "よくあるご質問（FAQ）",
        "医療法施行規則第20条", "2年間", "保険医療養担当規則第9条", "3年間", "保管義務はありません",
        "日本放射線技術学会", "画像情報の確定に関するガイドライン")]
    public async Task A_guide_page_is_public_Japanese_and_carries_the_source_document_s_content(
        string path, string heading, params string[] phrases)
    {
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync(path);

        Assert.Equal("ja", page.DocumentElement.GetAttribute("lang"));
        var h1 = Assert.Single(page.QuerySelectorAll("h1"));
        Assert.Equal(heading, Text(h1));
        Assert.StartsWith(heading, page.Title, StringComparison.Ordinal);
        var body = Text(page.Body!);
        Assert.All(phrases, phrase => Assert.Contains(phrase, body, StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("/guide/about", "about")]
    [InlineData("/guide/purpose", "about")]
    [InlineData("/guide/what-you-can-see", "what-you-can-see")]
    [InlineData("/guide/system", "system")]
    [InlineData("/guide/how-to-join", "how-to-join")]
    [InlineData("/guide/contact", "contact")]
    [InlineData("/guide/rules", "rules")]
    [InlineData("/guide/operation", "operation")]
    [InlineData("/guide/faq", "faq")]
    public async Task The_menu_marks_the_section_of_the_page(string path, string section)
    {
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync(path);

        var current = Assert.Single(page.QuerySelectorAll(".site-nav a[aria-current='page']"));
        Assert.Equal("/guide/" + section, current.GetAttribute("href"));
    }

    [Theory]
    [MemberData(nameof(GuidePaths))]
    public async Task A_guide_page_keeps_to_the_CSP_and_labels_its_diagrams(string path)
    {
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync(path);

        Assert.Empty(page.QuerySelectorAll("[style], style"));
        Assert.All(page.QuerySelectorAll("script"), script => Assert.False(string.IsNullOrEmpty(script.GetAttribute("src"))));
        Assert.Contains(page.QuerySelectorAll("link[rel='stylesheet']"),
            link => link.GetAttribute("href")!.StartsWith("/css/guide.css", StringComparison.Ordinal));
        foreach (var svg in page.QuerySelectorAll("svg"))
        {
            Assert.Equal("img", svg.GetAttribute("role"));
            var title = svg.QuerySelector("title");
            Assert.NotNull(title);
            Assert.False(string.IsNullOrWhiteSpace(title.TextContent));
            Assert.Contains(title.Id!, svg.GetAttribute("aria-labelledby")!.Split(' '));
            Assert.NotNull(svg.GetAttribute("viewBox"));
        }
    }

    [Theory]
    [InlineData("/guide/how-it-is-used")]
    [InlineData("/guide/system")]
    [InlineData("/guide/rules")]
    [InlineData("/guide/operation")]
    public async Task Diagram_pages_show_their_diagram_inline(string path)
    {
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync(path);

        Assert.NotNull(page.QuerySelector("figure.diagram svg[role='img']"));
    }

    [Fact]
    public async Task The_joining_steps_are_a_numbered_list_and_lead_to_the_online_application()
    {
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync("/guide/how-to-join");

        var steps = page.QuerySelectorAll("ol.steps > li");
        Assert.Equal(6, steps.Length);
        Assert.Contains(steps[1].QuerySelectorAll("a[href]"), a => a.GetAttribute("href") == "/apply");
        Assert.Contains("押印", Text(steps[2]), StringComparison.Ordinal);
        Assert.Contains("下記の宛先", Text(steps[3]), StringComparison.Ordinal);
        Assert.Contains("〒193-0832", Text(steps[3]), StringComparison.Ordinal);
        Assert.Contains(page.QuerySelectorAll("a[href]"), a => a.GetAttribute("href") == "/apply");
    }

    [Fact]
    public async Task The_sealing_step_names_every_seal_box_of_every_form()
    {
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync("/guide/how-to-join");

        var boxes = page.QuerySelectorAll("ol.steps > li ul.seal-boxes > li").Select(Text).ToList();
        Assert.Equal(
        [
            "① 「ID-Link」サービス 契約申込書（閲覧施設様用）新規申込用：「申込者印」",
            "② 医療法人社団永生会 地域医療連携システム 施設入会申込書：「開設者印」「管理者印」",
            "③ OD-VPN 契約申込書：「開設者印」",
            "④ 預金口座振替申込書：「お届け印」",
        ], boxes);
    }

    [Fact]
    public async Task The_last_step_is_the_activation_link_not_credentials_mailed_by_the_vendor()
    {
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync("/guide/how-to-join");

        var last = Text(page.QuerySelectorAll("ol.steps > li")[^1]);
        Assert.All(
            ["利用開始のご案内", "一度だけ使える有効期限つきのリンク", "ご自身でパスワードを設定する", "スマートフォンの認証アプリ（Google Authenticator",
             "最初の端末の電子証明書をこのサイトから取得し", "管理責任者が「施設の管理」から登録します",
             "パスワードや電子証明書をメールでお送りすることはありません"],
            phrase => Assert.Contains(phrase, last, StringComparison.Ordinal));
        // The 2012 process is named only as what changed, never as the step to expect.
        Assert.DoesNotContain("ID・パスワード・電子証明書を受け取る", Text(page.Body!), StringComparison.Ordinal);
        Assert.DoesNotContain("上記宛", Text(page.Body!), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("/guide/how-to-join")]
    [InlineData("/guide/contact")]
    [InlineData("/guide/council")]
    public async Task Every_postal_address_is_written_the_one_way_of_the_forms(string path)
    {
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync(path);

        var addresses = page.QuerySelectorAll("main address").Select(Text).ToList();
        Assert.NotEmpty(addresses);
        Assert.All(addresses, address => Assert.Equal(
            Whitespace().Replace(string.Join(" ", MioKarte.Core.Applications.CouncilPostalAddress.Lines), " "), address));
    }

    [Fact]
    public async Task The_FAQ_is_a_disclosure_whose_summary_is_the_question()
    {
        using var client = portal.CreatePortalClient();

        var page = await client.GetDocumentAsync("/guide/faq");

        var item = Assert.Single(page.QuerySelectorAll(".faq details"));
        Assert.Contains("保管する義務", Text(item.QuerySelector("summary")!), StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_index_lists_every_guide_page_with_its_section_number_in_document_order()
    {
        using var client = portal.CreatePortalClient();

        var index = await client.GetDocumentAsync("/guide");

        var links = index.QuerySelectorAll(".guide-toc a").Select(a => a.GetAttribute("href")).ToList();
        Assert.Equal(Paths.Skip(1), links);
        var numbers = index.QuerySelectorAll(".guide-toc__number").Select(Text).ToList();
        Assert.Equal(["1-1", "1-2", "1-3", "1-4", "2-1, 2-2", "2-3", "2-4", "3-1, 3-2", "4-1", "4-2", "5-1"], numbers);
    }

    [Fact]
    public async Task Previous_and_next_links_follow_the_document_order()
    {
        using var client = portal.CreatePortalClient();

        var first = await client.GetDocumentAsync("/guide/about");
        var middle = await client.GetDocumentAsync("/guide/how-to-join");
        var last = await client.GetDocumentAsync("/guide/faq");

        Assert.Null(first.QuerySelector(".guide-pager a[rel='prev']"));
        Assert.Equal("/guide/purpose", first.QuerySelector(".guide-pager a[rel='next']")?.GetAttribute("href"));
        Assert.Equal("/guide/system", middle.QuerySelector(".guide-pager a[rel='prev']")?.GetAttribute("href"));
        Assert.Equal("/guide/contact", middle.QuerySelector(".guide-pager a[rel='next']")?.GetAttribute("href"));
        Assert.Equal("/guide/council", last.QuerySelector(".guide-pager a[rel='prev']")?.GetAttribute("href"));
        Assert.Null(last.QuerySelector(".guide-pager a[rel='next']"));
    }

    [Theory]
    [InlineData("/guide/about", "What is MIO Karte?", "Medical Information Open Karte")]
    [InlineData("/guide/what-you-can-see", "What you can see", "Injection orders", "Referral letters", "electronic certificate must be installed on the iPad")]
    [InlineData("/guide/how-to-join", "How to join", "〒193-0832", "「ID-Link」サービス 契約申込書（閲覧施設様用）新規申込用", "OD-VPN 契約申込書",
        "set your own password", "No password or certificate is ever sent by mail")]
    [InlineData("/guide/rules", "Rules, the facility administrator and the boundary of responsibility", "Register and manage the users' IDs and access rights")]
    [InlineData("/guide/faq", "Frequently asked questions (FAQ)", "no obligation to keep them")]
    public async Task After_choosing_English_the_guide_is_in_English(string path, string heading, params string[] phrases)
    {
        using var client = portal.CreatePortalClient();
        var japanese = await client.GetDocumentAsync(path);
        using var switched = await client.SubmitAsync(japanese.Form("/culture"), new Dictionary<string, string> { ["culture"] = "en" });
        Assert.Equal(path, switched.Headers.Location?.OriginalString);

        var page = await client.GetDocumentAsync(path);

        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal(heading, Text(Assert.Single(page.QuerySelectorAll("h1"))));
        var body = Text(page.Body!);
        Assert.All(phrases, phrase => Assert.Contains(phrase, body, StringComparison.Ordinal));
    }

    private static string Text(IElement element) => Whitespace().Replace(element.TextContent, " ").Trim();

    [GeneratedRegex(@"\s+")]
    private static partial Regex Whitespace();
}
