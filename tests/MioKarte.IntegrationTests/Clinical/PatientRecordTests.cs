using System.Net;
using System.Net.Http.Headers;
using AngleSharp.Dom;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Patients;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Clinical;

/// <summary>一連の表: one portal for the class, a stand-in data center with JP Core-shaped data at two hospitals.</summary>
public sealed class PatientRecordTests(RecordPortal portal) : IClassFixture<RecordPortal>
{
    private static int counter;

    private sealed record Scenario(Facility Viewing, string UserName, FacilityPatient Patient, List<PatientLink> Links, string CenterId);

    /// <summary>A fresh viewing facility, user and patient linked to both hospitals (fresh center ids so tests do not share data).</summary>
    private async Task<Scenario> ScenarioAsync(bool bothHospitals = true)
    {
        var n = Interlocked.Increment(ref counter);
        var hachioji = await DisclosingAsync(RecordSamples.Hachioji, "八王子みなみ総合病院");
        var tamagawa = await DisclosingAsync(RecordSamples.Tamagawa, "多摩川記念病院");
        var (viewing, user) = await portal.AddViewingFacilityWithUserAsync($"viewer{n}", $"13990000{n:D2}");
        var centerId = $"P{n:D3}";
        portal.Center.Add(RecordSamples.Hachioji, centerId, RecordSamples.AtHachioji(centerId));
        portal.Center.Add(RecordSamples.Tamagawa, centerId, RecordSamples.AtTamagawa(centerId));
        portal.Center.AddContent($"Media/{centerId}-m1", RecordSamples.Jpeg);
        portal.Center.AddContent($"Media/{centerId}-m2", RecordSamples.Pdf); // says image/jpeg, is not
        portal.Center.AddContent($"DocumentReference/{centerId}-doc1", RecordSamples.Pdf);
        var (patient, links) = bothHospitals
            ? await portal.AddLinkedPatientAsync(viewing, "L" + n, (hachioji, centerId), (tamagawa, centerId))
            : await portal.AddLinkedPatientAsync(viewing, "L" + n, (hachioji, centerId));
        return new Scenario(viewing, user, patient, links, centerId);
    }

    private static readonly SemaphoreSlim DisclosingGate = new(1, 1);
    private static readonly Dictionary<string, Facility> Disclosing = [];

    private async Task<Facility> DisclosingAsync(string code, string name)
    {
        await DisclosingGate.WaitAsync();
        try
        {
            if (!Disclosing.TryGetValue(code, out var facility))
            {
                facility = await portal.AddDisclosingFacilityAsync(name, code);
                Disclosing[code] = facility;
            }

            return facility;
        }
        finally
        {
            DisclosingGate.Release();
        }
    }

    private Task<List<AccessLogEntry>> LogOfAsync(Guid patientId) =>
        portal.WithServiceAsync<List<AccessLogEntry>, MioKarteDbContext>(db =>
            db.AccessLog.AsNoTracking().Where(e => e.FacilityPatientId == patientId).OrderBy(e => e.Sequence).ToListAsync());

    private static IElement Cell(IDocument page, string category) =>
        page.QuerySelectorAll("tr").Single(r => r.QuerySelector("th[scope=row]")?.TextContent.Trim() == category);

    [Fact]
    public async Task The_summary_above_the_table_shows_allergies_diagnoses_vitals_the_latest_lab_and_the_death()
    {
        var s = await ScenarioAsync();
        portal.Center.Add(RecordSamples.Hachioji, s.CenterId, [
            .. RecordSamples.AtHachioji(s.CenterId),
            $$$"""{"resourceType":"AllergyIntolerance","id":"{{{s.CenterId}}}-a1","category":["medication"],"criticality":"high","code":{"text":"ペニシリン系抗生物質"},"patient":{"reference":"Patient/{{{s.CenterId}}}"},"reaction":[{"manifestation":[{"text":"蕁麻疹"}]}]}""",
            $$$"""{"resourceType":"Condition","id":"{{{s.CenterId}}}-dx1","clinicalStatus":{"coding":[{"code":"active"}]},"code":{"text":"本態性高血圧症"},"subject":{"reference":"Patient/{{{s.CenterId}}}"}}""",
            $$$"""{"resourceType":"Observation","id":"{{{s.CenterId}}}-bp1","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"85354-9"}]},"effectiveDateTime":"2026-11-10","component":[{"code":{"coding":[{"code":"8480-6"}]},"valueQuantity":{"value":138,"code":"mm[Hg]"}},{"code":{"coding":[{"code":"8462-4"}]},"valueQuantity":{"value":84,"code":"mm[Hg]"}}]}""",
        ]);
        portal.Center.Add(RecordSamples.Tamagawa, s.CenterId, [
            .. RecordSamples.AtTamagawa(s.CenterId),
            $$$"""{"resourceType":"Patient","id":"{{{s.CenterId}}}","identifier":[{"system":"urn:oid:1.2.392.100495.20.3.51.1{{{RecordSamples.Tamagawa}}}","value":"{{{s.CenterId}}}"}],"deceasedDateTime":"2026-11-20"}""",
        ]);
        using var client = await portal.SignedInClientAsync(s.UserName);

        var page = await HtmlClient.ParseAsync(await client.GetAsync(new Uri($"/patients/{s.Patient.Id}", UriKind.Relative)));

        var summary = page.GetElementById("record-summary") ?? throw new InvalidOperationException("no summary");
        Assert.True(summary.CompareDocumentPosition(page.QuerySelector(".record-table")!).HasFlag(DocumentPositions.Following), "the summary comes before the table");
        var allergies = page.GetElementById("summary-allergies")!.TextContent;
        Assert.Contains("薬剤禁忌", allergies, StringComparison.Ordinal);
        Assert.Contains("ペニシリン系抗生物質", allergies, StringComparison.Ordinal);
        Assert.Contains("重篤", allergies, StringComparison.Ordinal);
        Assert.Contains("本態性高血圧症", page.GetElementById("summary-diagnoses")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("138/84 mmHg", page.GetElementById("summary-vitals")!.TextContent, StringComparison.Ordinal);
        Assert.NotEmpty(page.QuerySelectorAll("#summary-labs tbody tr"));
        Assert.Contains("死亡 2026/11/20", page.GetElementById("record-death")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("享年 78歳", page.QuerySelector(".record-head__facts")!.TextContent, StringComparison.Ordinal);
        var rows = page.QuerySelectorAll(".record-table tbody th[scope=row]").Select(th => th.TextContent.Trim()).ToList();
        Assert.Contains("バイタル", rows);

        // The vital sign's trend opens from the summary.
        var trendLink = page.QuerySelector("#summary-vitals a")!.GetAttribute("href")!;
        var trend = await HtmlClient.ParseAsync(await client.GetAsync(new Uri(trendLink, UriKind.Relative)));
        Assert.Contains("収縮期血圧", trend.GetElementById("detail")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(trend.QuerySelector("#detail svg"));
    }

    [Fact]
    public async Task Records_the_portal_cannot_show_are_counted_by_type_and_a_partly_read_facility_is_named_also_from_the_cache()
    {
        var s = await ScenarioAsync();
        portal.Center.Add(RecordSamples.Hachioji, s.CenterId, [
            .. RecordSamples.AtHachioji(s.CenterId),
            $$"""{"resourceType":"Immunization","id":"{{s.CenterId}}-imm1","status":"completed"}""",
            $$"""{"resourceType":"Immunization","id":"{{s.CenterId}}-imm2","status":"completed"}""",
            $$"""{"resourceType":"Condition","id":"{{s.CenterId}}-c1"}""",
            $$"""{"resourceType":"BodyStructure","id":"{{s.CenterId}}-b1"}""",
        ]);
        portal.Center.PartlyRead[(RecordSamples.Tamagawa, s.CenterId)] = "Observation";
        using var client = await portal.SignedInClientAsync(s.UserName);

        foreach (var visit in new[] { "first", "cached" })
        {
            var page = await HtmlClient.ParseAsync(await client.GetAsync(new Uri($"/patients/{s.Patient.Id}", UriKind.Relative)));

            var notShown = page.GetElementById("record-not-shown")?.TextContent ?? string.Empty;
            Assert.Contains("この患者には表示に対応していない記録が 4 件あります（予防接種 2、BodyStructure 1、病名 1）", notShown, StringComparison.Ordinal);
            var partly = page.GetElementById("record-partly-read")?.TextContent ?? string.Empty;
            Assert.Contains("多摩川記念病院", partly, StringComparison.Ordinal);
            Assert.DoesNotContain("八王子みなみ総合病院", partly, StringComparison.Ordinal);
            // What was not read may hold an allergy: the empty allergy box says the record is incomplete, not "none".
            var allergies = page.GetElementById("summary-allergies")!.TextContent;
            Assert.DoesNotContain("アレルギー・薬剤禁忌はありません", allergies, StringComparison.Ordinal);
            Assert.Contains("「なし」とは判断できません", allergies, StringComparison.Ordinal);
            Assert.True(visit == "first" || portal.Center.Reads.Count(r => r.FacilityCode == s.Viewing.InstitutionCode) == s.Links.Count, "the second view comes from the cache");
        }
    }

    [Fact]
    public async Task A_linked_patient_s_table_shows_each_category_over_time_naming_the_facilities_and_is_logged()
    {
        var s = await ScenarioAsync();
        using var client = await portal.SignedInClientAsync(s.UserName);

        using var response = await client.GetAsync(new Uri($"/patients/{s.Patient.Id}", UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString(), StringComparison.Ordinal);
        var page = await HtmlClient.ParseAsync(response);

        // The default: the latest three months, by week (2026-11-23 is a Monday in Japan).
        Assert.Contains("2026/08/24 ～ 2026/11/23", page.QuerySelector(".record-nav__period")!.TextContent, StringComparison.Ordinal);
        var rows = page.QuerySelectorAll(".record-table tbody th[scope=row]").Select(th => th.TextContent.Trim()).ToList();
        Assert.Equal(["処方", "注射", "検査オーダ", "検査結果", "画像オーダ", "画像", "読影レポート", "診療情報提供書", "傷病名", "アレルギー・薬剤禁忌", "バイタル", "退院時サマリー", "その他の文書", "検査レポート"], rows);
        // The week of 9 November holds prescriptions from both hospitals, each named.
        var rx = Cell(page, "処方").QuerySelectorAll("a.cell").Select(a => a.TextContent).ToList();
        Assert.Contains(rx, t => t.Contains("2件", StringComparison.Ordinal) && t.Contains("八王子みなみ総合病院", StringComparison.Ordinal) && t.Contains("多摩川記念病院", StringComparison.Ordinal));
        // The month-only prescription is placed and marked as a partial date.
        Assert.Contains(rx, t => t.Contains("日付の一部のみ", StringComparison.Ordinal));
        Assert.Contains("八王子みなみ総合病院", page.QuerySelector(".record-head__facts")!.TextContent, StringComparison.Ordinal);
        // The URLs carry opaque ids only.
        Assert.DoesNotContain(page.QuerySelectorAll("a[href]"), a => a.GetAttribute("href")!.Contains(s.CenterId, StringComparison.Ordinal));

        // One read per linked facility, each on behalf of the user.
        var reads = portal.Center.Reads.Where(r => r.FacilityCode == s.Viewing.InstitutionCode).ToList();
        Assert.Equal(s.Links.Count, reads.Count);
        Assert.All(reads, read => Assert.False(string.IsNullOrEmpty(read.UserId)));
        var row = Assert.Single(await LogOfAsync(s.Patient.Id));
        Assert.Equal(AccessAction.PatientRecord, row.Action);
        Assert.Equal(s.UserName, row.UserName);
        Assert.Contains(s.Links[0].Id.ToString("N"), row.Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Reading_the_record_from_the_center_gives_the_patient_list_its_latest_data_date()
    {
        var s = await ScenarioAsync();
        using var client = await portal.SignedInClientAsync(s.UserName);
        string LatestDataCell(IDocument list) => list.QuerySelector($"tr[data-patient='{s.Patient.Id}'] td.optional")!.TextContent.Trim();
        Assert.Equal("未確認", LatestDataCell(await client.GetDocumentAsync("/patients")));

        await client.GetDocumentAsync($"/patients/{s.Patient.Id}");

        // The newest item at either hospital is Tamagawa's AST of 17 November.
        Assert.Equal("2026/11/17", LatestDataCell(await client.GetDocumentAsync("/patients")));
    }

    [Fact]
    public async Task The_table_zooms_by_day_and_month_and_pages_back_to_the_first_record()
    {
        var s = await ScenarioAsync(bothHospitals: false);
        using var client = await portal.SignedInClientAsync(s.UserName);

        var byDay = await client.GetDocumentAsync($"/patients/{s.Patient.Id}?zoom=day&from=2026-11-01&to=2026-11-30");
        Assert.Equal(30, byDay.QuerySelectorAll(".record-table thead th.record-table__period").Length);
        Assert.Contains("11/10(火)", byDay.QuerySelector(".record-table thead")!.TextContent, StringComparison.Ordinal);

        var byMonth = await client.GetDocumentAsync($"/patients/{s.Patient.Id}?zoom=month&from=2026-01-01&to=2026-11-30");
        Assert.Equal(11, byMonth.QuerySelectorAll(".record-table thead th.record-table__period").Length);

        var earlier = await client.GetDocumentAsync($"/patients/{s.Patient.Id}?from=2026-11-20&to=2026-11-23");
        Assert.Contains("この期間・条件に該当する記録はありません。", earlier.Body!.TextContent, StringComparison.Ordinal);
        var first = earlier.QuerySelectorAll("a.button").Single(a => a.TextContent.Contains("最初の記録へ", StringComparison.Ordinal)).GetAttribute("href")!;
        Assert.Contains("from=2026-10-01", first, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Another_facility_s_patient_is_not_found_and_the_center_is_not_asked()
    {
        var mine = await ScenarioAsync(bothHospitals: false);
        var theirs = await ScenarioAsync(bothHospitals: false);
        using var client = await portal.SignedInClientAsync(mine.UserName);
        var reads = portal.Center.Reads.Count;

        using var page = await client.GetAsync(new Uri($"/patients/{theirs.Patient.Id}", UriKind.Relative));
        using var pdf = await client.GetAsync(new Uri($"/patients/{theirs.Patient.Id}/summary.pdf", UriKind.Relative));

        Assert.Equal(HttpStatusCode.NotFound, page.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, pdf.StatusCode);
        Assert.Equal(reads, portal.Center.Reads.Count);
        Assert.Empty(await LogOfAsync(theirs.Patient.Id));
    }

    [Fact]
    public async Task A_user_without_the_right_to_view_clinical_data_is_refused()
    {
        var s = await ScenarioAsync(bothHospitals: false);
        await portal.CreateUserAsync("norights" + s.CenterId, Core.Identity.PortalRoles.Staff, facilityId: s.Viewing.Id);
        using var client = await portal.SignedInClientAsync("norights" + s.CenterId);

        using var response = await client.GetAsync(new Uri($"/patients/{s.Patient.Id}", UriKind.Relative));

        Assert.NotEqual(HttpStatusCode.OK, response.StatusCode);
        Assert.Empty(await LogOfAsync(s.Patient.Id));
    }

    [Fact]
    public async Task Each_detail_opens_beside_the_table_from_JP_Core_data_with_odd_and_missing_fields_and_each_view_is_logged()
    {
        var s = await ScenarioAsync();
        using var client = await portal.SignedInClientAsync(s.UserName);
        var table = await client.GetDocumentAsync($"/patients/{s.Patient.Id}?zoom=month&from=2026-10-01&to=2026-11-30");
        string CellLink(string category, int index = -1)
        {
            var links = Cell(table, category).QuerySelectorAll("a.cell").Select(a => a.GetAttribute("href")!).ToList();
            return index < 0 ? links[^1] : links[index];
        }

        // 処方 in November: a cell lists both hospitals' orders; the first opens with every field.
        var rxCell = await client.GetDocumentAsync(CellLink("処方"));
        Assert.Contains("zoom=month", rxCell.QuerySelector(".record-detail__close")!.GetAttribute("href"), StringComparison.Ordinal); // the table's state is kept
        var items = rxCell.QuerySelectorAll(".record-items__link").ToList();
        Assert.Equal(2, items.Count);
        var rx = await client.GetDocumentAsync(items.Single(a => a.TextContent.Contains("アムロジピン", StringComparison.Ordinal)).GetAttribute("href")!);
        var facts = rx.QuerySelector("#detail .facts")!.TextContent;
        foreach (var expected in new[] { "アムロジピン錠５ｍｇ", "1回1錠", "1日1回朝食後", "28日分 / 28 錠", "内服", "山田 一郎", "循環器内科", "八王子みなみ総合病院", "2026/11/10 10:15" })
        {
            Assert.Contains(expected, facts, StringComparison.Ordinal);
        }

        // The October prescription has no dose, days or prescriber: said plainly, never blank.
        var odd = await client.GetDocumentAsync((await client.GetDocumentAsync(CellLink("処方", 0))).QuerySelector(".record-items__link")!.GetAttribute("href")!);
        Assert.Contains("記載なし", odd.QuerySelector("#detail .facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("2026/10", odd.QuerySelector(".record-detail__meta")!.TextContent, StringComparison.Ordinal);

        // 注射: route and total.
        var injection = await client.GetDocumentAsync((await client.GetDocumentAsync(CellLink("注射"))).QuerySelector(".record-items__link")!.GetAttribute("href")!);
        Assert.Contains("静脈内", injection.QuerySelector("#detail .facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("3 瓶", injection.QuerySelector("#detail .facts")!.TextContent, StringComparison.Ordinal);

        // 検査結果: a cumulative table by panel, H/L marked, with units and ranges; a text value kept.
        var labs = await client.GetDocumentAsync(CellLink("検査結果"));
        var cumulative = labs.QuerySelector("#detail .lab-table")!;
        Assert.Equal(["肝機能", "腎機能", "免疫学検査"], cumulative.QuerySelectorAll(".lab-table__panel").Select(p => p.TextContent.Trim()));
        Assert.Contains("52H", cumulative.TextContent, StringComparison.Ordinal);
        Assert.Contains("0.61L", cumulative.TextContent, StringComparison.Ordinal);
        Assert.Contains("陰性", cumulative.TextContent, StringComparison.Ordinal);
        Assert.Contains("13-30", cumulative.TextContent, StringComparison.Ordinal);

        // The AST trend: both hospitals' values over time, as SVG without inline style.
        var trend = await client.GetDocumentAsync(cumulative.QuerySelectorAll("a").Single(a => a.TextContent == "AST").GetAttribute("href")!);
        var svg = trend.QuerySelector("#detail svg.trend")!;
        Assert.Equal(3, svg.QuerySelectorAll("circle").Length);
        Assert.Null(svg.QuerySelector("[style]"));
        Assert.Contains("多摩川記念病院", svg.InnerHtml, StringComparison.Ordinal);

        // 画像オーダ, 画像 (thumbnails), 読影レポート beside its images, 診療情報提供書 in sections and as a PDF.
        var imagingOrder = await client.GetDocumentAsync((await client.GetDocumentAsync(CellLink("画像オーダ"))).QuerySelector(".record-items__link")!.GetAttribute("href")!);
        Assert.Contains("腹部", imagingOrder.QuerySelector("#detail .facts")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("CT", imagingOrder.QuerySelector("#detail .facts")!.TextContent, StringComparison.Ordinal);
        var images = await client.GetDocumentAsync(CellLink("画像"));
        Assert.Equal(2, images.QuerySelectorAll("#detail .thumbs img").Length);
        var report = await client.GetDocumentAsync((await client.GetDocumentAsync(CellLink("読影レポート"))).QuerySelector(".record-items__link")!.GetAttribute("href")!);
        Assert.Contains("右腎に5mm大の嚢胞。", report.QuerySelector("#detail .report__text")!.TextContent, StringComparison.Ordinal);
        Assert.Contains("右腎嚢胞。", report.QuerySelector("#detail .report__text")!.TextContent, StringComparison.Ordinal);
        Assert.Equal(2, report.QuerySelectorAll("#detail .report__images img").Length);
        var letters = (await client.GetDocumentAsync(CellLink("診療情報提供書"))).QuerySelectorAll(".record-items__link").Select(a => a.GetAttribute("href")!).ToList();
        Assert.Equal(2, letters.Count);
        var structured = await client.GetDocumentAsync(letters[0]);
        Assert.Equal(["紹介目的", "既往歴"], structured.QuerySelectorAll("#detail .letter-section h3").Select(h => h.TextContent));
        Assert.Contains("高血圧症の継続加療のお願い", structured.QuerySelector("#detail")!.TextContent, StringComparison.Ordinal);
        var pdfLetter = await client.GetDocumentAsync(letters[1]);
        Assert.NotNull(pdfLetter.QuerySelectorAll("#detail a").SingleOrDefault(a => a.TextContent == "PDFを表示"));

        var log = await LogOfAsync(s.Patient.Id);
        Assert.Contains(log, e => e.Action == AccessAction.LabTrend && e.Target!.StartsWith("LabItem/", StringComparison.Ordinal));
        var details = log.Where(e => e.Action == AccessAction.RecordDetail).ToList();
        Assert.Contains(details, e => e.Target!.StartsWith("Prescription/", StringComparison.Ordinal) && e.PatientLinkId == s.Links[0].Id);
        Assert.Contains(details, e => e.Target!.StartsWith("RadiologyReport/", StringComparison.Ordinal));
        Assert.Contains(details, e => e.Target!.StartsWith("ReferralLetter/", StringComparison.Ordinal));
        Assert.DoesNotContain(log, e => e.Target!.Contains(s.CenterId, StringComparison.Ordinal));
    }

    [Fact]
    public async Task The_detail_alone_is_served_for_the_pane_and_still_logged()
    {
        var s = await ScenarioAsync(bothHospitals: false);
        using var client = await portal.SignedInClientAsync(s.UserName);
        var table = await client.GetDocumentAsync($"/patients/{s.Patient.Id}?zoom=month&from=2026-11-01&to=2026-11-30");
        var href = Cell(table, "処方").QuerySelector("a.cell")!.GetAttribute("href")!.Split('#')[0];

        using var response = await client.GetAsync(new Uri(href + "&partial=true", UriKind.Relative));
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.DoesNotContain("<html", html, StringComparison.Ordinal);
        Assert.Contains("record-items", html, StringComparison.Ordinal);
        Assert.Equal(AccessAction.RecordDetail, (await LogOfAsync(s.Patient.Id))[^1].Action);
    }

    [Fact]
    public async Task Another_patient_s_detail_or_image_id_is_not_found()
    {
        var mine = await ScenarioAsync(bothHospitals: false);
        var theirs = await ScenarioAsync(bothHospitals: false);
        using var their = await portal.SignedInClientAsync(theirs.UserName);
        var theirImages = await their.GetDocumentAsync($"/patients/{theirs.Patient.Id}?zoom=month&from=2026-11-01&to=2026-11-30&sel=c-Image-20261101");
        var theirThumb = theirImages.QuerySelector("#detail .thumbs img")!.GetAttribute("src")!;
        var theirContentId = theirThumb.Split('/')[4];
        var theirItem = theirImages.QuerySelector("#detail .record-items__link")!.GetAttribute("href")!;
        var theirSelection = theirItem[(theirItem.IndexOf("sel=", StringComparison.Ordinal) + 4)..].Split('#')[0];
        using var client = await portal.SignedInClientAsync(mine.UserName);

        foreach (var path in new[]
                 {
                     $"/patients/{mine.Patient.Id}/content/{theirContentId}",
                     $"/patients/{mine.Patient.Id}/content/{theirContentId}/thumbnail",
                     $"/patients/{mine.Patient.Id}/viewer/{theirContentId}",
                     // Which selections the record does not hold is unit-tested (DetailResolutionTests); here: that the answer is 404.
                     $"/patients/{mine.Patient.Id}?sel={theirSelection}",
                     $"/patients/{theirs.Patient.Id}/content/{theirContentId}",
                 })
        {
            using var response = await client.GetAsync(new Uri(path, UriKind.Relative));
            Assert.True(HttpStatusCode.NotFound == response.StatusCode, path);
        }

        Assert.DoesNotContain(await LogOfAsync(mine.Patient.Id), e => e.Action is AccessAction.Image or AccessAction.RecordDetail);
    }

    [Fact]
    public async Task Images_and_documents_come_through_the_portal_privately_cached_typed_from_their_bytes_and_logged()
    {
        var s = await ScenarioAsync(bothHospitals: false);
        using var client = await portal.SignedInClientAsync(s.UserName);
        var images = await client.GetDocumentAsync($"/patients/{s.Patient.Id}?zoom=month&from=2026-11-01&to=2026-11-30&sel=c-Image-20261101");
        var thumbs = images.QuerySelectorAll("#detail .thumbs img").Select(i => i.GetAttribute("src")!).ToList();
        var viewer = await client.GetDocumentAsync(images.QuerySelector("#detail .thumbs a")!.GetAttribute("href")!);
        var image = viewer.QuerySelector("[data-viewer-stage] img")!.GetAttribute("src")!;
        Assert.Contains("1 / 2", viewer.QuerySelector(".viewer__position")!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(viewer.QuerySelector("a[data-next]"));
        Assert.DoesNotContain("center.example", viewer.DocumentElement.OuterHtml, StringComparison.Ordinal);

        using var full = await client.GetAsync(new Uri(image, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, full.StatusCode);
        Assert.Equal("image/jpeg", full.Content.Headers.ContentType!.MediaType); // the center said image/png; the bytes are JPEG
        Assert.True(full.Headers.CacheControl is { Private: true, NoStore: false, MaxAge.TotalSeconds: 600 }, full.Headers.CacheControl?.ToString());
        var etag = full.Headers.ETag!;
        Assert.Equal(RecordSamples.Jpeg, await full.Content.ReadAsByteArrayAsync());

        using var again = new HttpRequestMessage(HttpMethod.Get, new Uri(image, UriKind.Relative));
        again.Headers.IfNoneMatch.Add(etag);
        using var notModified = await client.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);

        using var thumbnail = await client.GetAsync(new Uri(thumbs[0], UriKind.Relative));
        Assert.Equal("image/jpeg", thumbnail.Content.Headers.ContentType!.MediaType);
        using var bitmap = SkiaSharp.SKBitmap.Decode(await thumbnail.Content.ReadAsByteArrayAsync());
        Assert.Equal(64, bitmap.Width); // small images are not enlarged
        var readsBefore = portal.Center.ContentReads.Count;
        using var cachedThumbnail = await client.GetAsync(new Uri(thumbs[0], UriKind.Relative));
        Assert.Equal(readsBefore, portal.Center.ContentReads.Count); // from the thumbnail cache

        // The second picture claims to be a JPEG but its bytes are a PDF: refused.
        using var notAnImage = await client.GetAsync(new Uri(thumbs[1], UriKind.Relative));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, notAnImage.StatusCode);

        var letters = await client.GetDocumentAsync($"/patients/{s.Patient.Id}?zoom=month&from=2026-11-01&to=2026-11-30&sel=c-ReferralLetter-20261101");
        var pdfDetail = await client.GetDocumentAsync(letters.QuerySelectorAll("#detail .record-items__link").Last().GetAttribute("href")!);
        using var pdf = await client.GetAsync(new Uri(pdfDetail.QuerySelectorAll("#detail a").Single(a => a.TextContent == "PDFを表示").GetAttribute("href")!, UriKind.Relative));
        Assert.Equal("application/pdf", pdf.Content.Headers.ContentType!.MediaType);
        Assert.Equal("inline", pdf.Content.Headers.ContentDisposition?.DispositionType ?? pdf.Headers.GetValues("Content-Disposition").Single());

        Assert.All(portal.Center.ContentReads.Where(r => r.Acting.FacilityCode == s.Viewing.InstitutionCode), r => Assert.False(string.IsNullOrEmpty(r.Acting.UserId)));
        var log = await LogOfAsync(s.Patient.Id);
        Assert.Equal(2, log.Count(e => e.Action == AccessAction.Image)); // the full image and its revalidation; thumbnails ride on the detail
        var document = Assert.Single(log, e => e.Action == AccessAction.Document);
        Assert.Equal(s.Links[0].Id, document.PatientLinkId);
        Assert.StartsWith("Content/", document.Target, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_center_s_answer_is_cached_per_viewing_facility_and_refreshed_on_request()
    {
        // Two clinics share one disclosing patient; each must read it for itself.
        var first = await ScenarioAsync(bothHospitals: false);
        var second = await ScenarioAsync(bothHospitals: false);
        var hachioji = Disclosing[RecordSamples.Hachioji];
        var (other, _) = await portal.AddLinkedPatientAsync(second.Viewing, "X" + second.CenterId, (hachioji, first.CenterId));
        using var one = await portal.SignedInClientAsync(first.UserName);
        using var two = await portal.SignedInClientAsync(second.UserName);
        int ReadsBy(Facility f) => portal.Center.Reads.Count(r => r.FacilityCode == f.InstitutionCode);

        await one.GetDocumentAsync($"/patients/{first.Patient.Id}");
        var page = await one.GetDocumentAsync($"/patients/{first.Patient.Id}?zoom=day");
        Assert.Equal(1, ReadsBy(first.Viewing));

        await two.GetDocumentAsync($"/patients/{other.Id}");
        Assert.Equal(1, ReadsBy(second.Viewing)); // not served from the first clinic's cache
        Assert.Equal(1, ReadsBy(first.Viewing));

        using var refresh = await one.SubmitAsync(page.Form($"/patients/{first.Patient.Id}/refresh"), new Dictionary<string, string>());
        Assert.Equal(HttpStatusCode.Redirect, refresh.StatusCode);
        Assert.Equal($"/patients/{first.Patient.Id}?zoom=day", refresh.Headers.Location!.OriginalString);
        await one.GetDocumentAsync(refresh.Headers.Location!.OriginalString);
        Assert.Equal(2, ReadsBy(first.Viewing));
    }

    [Fact]
    public async Task When_one_hospital_is_down_the_rest_is_shown_under_a_banner_naming_it()
    {
        var s = await ScenarioAsync();
        portal.Center.Down[RecordSamples.Tamagawa] = true;
        try
        {
            using var client = await portal.SignedInClientAsync(s.UserName);
            var page = await client.GetDocumentAsync($"/patients/{s.Patient.Id}");

            var banner = page.QuerySelector(".record-banner")!;
            Assert.Contains("多摩川記念病院", banner.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("八王子みなみ総合病院", banner.TextContent, StringComparison.Ordinal);
            Assert.Contains("八王子みなみ総合病院", Cell(page, "処方").TextContent, StringComparison.Ordinal);
        }
        finally
        {
            portal.Center.Down.TryRemove(RecordSamples.Tamagawa, out _);
        }
    }

    [Fact]
    public async Task While_a_slow_hospital_is_still_answering_the_page_shows_what_has_arrived_and_its_progress_then_the_whole_table()
    {
        var s = await ScenarioAsync();
        var slow = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        portal.Center.Held[RecordSamples.Tamagawa] = slow;
        try
        {
            using var client = await portal.SignedInClientAsync(s.UserName);
            var (_, strangerName) = await portal.AddViewingFacilityWithUserAsync("progress.other", "1399000099");
            using var stranger = await portal.SignedInClientAsync(strangerName);

            // After Records:ProgressAfter (1 s) the page answers with the hospital that has answered.
            var page = await client.GetDocumentAsync($"/patients/{s.Patient.Id}");
            var progress = page.GetElementById("record-progress")!;
            Assert.Contains("多摩川記念病院", progress.TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("八王子みなみ総合病院", progress.TextContent, StringComparison.Ordinal);
            Assert.Contains("八王子みなみ総合病院", Cell(page, "処方").TextContent, StringComparison.Ordinal);
            Assert.DoesNotContain("多摩川記念病院", Cell(page, "処方").TextContent, StringComparison.Ordinal);
            // Patient safety: the hospital still being read may hold an allergy, so the summary must not say "none".
            var receivingAllergies = page.GetElementById("summary-allergies")!.TextContent;
            Assert.DoesNotContain("アレルギー・薬剤禁忌はありません", receivingAllergies, StringComparison.Ordinal);
            Assert.Contains("受信中の施設があります", receivingAllergies, StringComparison.Ordinal);
            Assert.DoesNotContain("記録はありません", page.GetElementById("summary-diagnoses")!.TextContent, StringComparison.Ordinal);
            var pollUrl = progress.GetAttribute("data-progress-url")!;
            Assert.Equal($"/patients/{s.Patient.Id}/progress", pollUrl);
            var (complete, loading) = await PollAsync(client, pollUrl);
            Assert.False(complete);
            Assert.Equal(["多摩川記念病院"], loading);

            using (var notTheirs = await stranger.GetAsync(new Uri(pollUrl, UriKind.Relative)))
            {
                Assert.Equal(HttpStatusCode.NotFound, notTheirs.StatusCode);
            }

            // The slow hospital answers: the poll says complete and the page is whole, without a banner.
            slow.SetResult();
            for (var i = 0; i < 100 && !complete; i++)
            {
                await Task.Delay(50);
                (complete, loading) = await PollAsync(client, pollUrl);
            }

            Assert.True(complete);
            Assert.Empty(loading);
            var whole = await client.GetDocumentAsync($"/patients/{s.Patient.Id}");
            Assert.Null(whole.GetElementById("record-progress"));
            Assert.Contains("アレルギー・薬剤禁忌はありません", whole.GetElementById("summary-allergies")!.TextContent, StringComparison.Ordinal);
            Assert.Contains("多摩川記念病院", Cell(whole, "処方").TextContent, StringComparison.Ordinal);
            // Two facilities, each read once: the reload joined the load instead of asking again.
            Assert.Equal(2, portal.Center.Reads.Count(r => r.FacilityCode == s.Viewing.InstitutionCode));
        }
        finally
        {
            portal.Center.Held.TryRemove(RecordSamples.Tamagawa, out _);
            slow.TrySetResult();
        }
    }

    private static async Task<(bool Complete, List<string> Loading)> PollAsync(HttpClient client, string url)
    {
        using var response = await client.GetAsync(new Uri(url, UriKind.Relative));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var json = System.Text.Json.JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return (json.RootElement.GetProperty("complete").GetBoolean(),
            json.RootElement.GetProperty("loading").EnumerateArray().Select(e => e.GetString()!).ToList());
    }

    [Fact]
    public async Task What_arrived_since_the_user_s_last_sitting_is_marked_new()
    {
        var s = await ScenarioAsync(bothHospitals: false);
        using var client = await portal.SignedInClientAsync(s.UserName);
        var first = await client.GetDocumentAsync($"/patients/{s.Patient.Id}");
        Assert.Empty(first.QuerySelectorAll(".new-mark"));

        // The last sitting was two days ago; since then the hospital has a new prescription.
        var twoDaysAgo = portal.Clock.GetUtcNow().UtcDateTime.AddDays(-2);
        await portal.WithServiceAsync<int, MioKarteDbContext>(db => db.PatientRecordVisits
            .Where(v => v.FacilityPatientId == s.Patient.Id)
            .ExecuteUpdateAsync(u => u.SetProperty(v => v.LastOpenedAtUtc, twoDaysAgo)));
        portal.Center.Add(RecordSamples.Hachioji, s.CenterId, [.. RecordSamples.AtHachioji(s.CenterId), $$"""
            {"resourceType":"MedicationRequest","id":"{{s.CenterId}}-new","status":"active","intent":"order","subject":{"reference":"Patient/{{s.CenterId}}"},
             "authoredOn":"2026-11-22T11:00:00+09:00","medicationCodeableConcept":{"text":"ランソプラゾールOD錠15mg"} }
            """]);
        var page = await client.GetDocumentAsync($"/patients/{s.Patient.Id}");
        await client.SubmitAsync(page.Form($"/patients/{s.Patient.Id}/refresh"), new Dictionary<string, string>());
        page = await client.GetDocumentAsync($"/patients/{s.Patient.Id}");

        Assert.Contains("前回の閲覧以降の新着：1 件", page.QuerySelector(".record-new-count")!.TextContent, StringComparison.Ordinal);
        var marked = Assert.Single(page.QuerySelectorAll(".record-table .new-mark"));
        Assert.Contains("ランソプラゾール", marked.ParentElement!.TextContent, StringComparison.Ordinal);

        // Zooming in the same sitting keeps the mark.
        var byDay = await client.GetDocumentAsync($"/patients/{s.Patient.Id}?zoom=day");
        Assert.Single(byDay.QuerySelectorAll(".record-table .new-mark"));
    }

    [Fact]
    public async Task The_summary_prints_as_a_PDF_for_the_chosen_period_and_categories_and_is_logged()
    {
        var s = await ScenarioAsync();
        using var client = await portal.SignedInClientAsync(s.UserName);
        var form = await client.GetDocumentAsync($"/patients/{s.Patient.Id}/summary?from=2026-10-01&to=2026-11-30");
        Assert.Equal("2026-10-01", form.QuerySelector("input[name=from]")!.GetAttribute("value"));

        using var response = await client.GetAsync(new Uri($"/patients/{s.Patient.Id}/summary.pdf?from=2026-10-01&to=2026-11-30&cat=Prescription&cat=LabResult", UriKind.Relative));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal("%PDF-"u8.ToArray(), bytes[..5]);
        var entry = (await LogOfAsync(s.Patient.Id)).Single(e => e.Action == AccessAction.PrintSummary);
        Assert.Equal("Summary/20261001-20261130/Prescription+LabResult", entry.Target);
        var path = Path.Combine(portal.DataFolder, "summary.pdf");
        await File.WriteAllBytesAsync(path, bytes);
    }

    [Fact]
    public async Task A_patient_whose_records_end_years_ago_opens_on_the_latest_record_with_values_a_clinician_reads()
    {
        var s = await ScenarioAsync(bothHospitals: false);
        // Generated data (Synthea-like): every record years before the default window, machine floats, an oral temperature.
        portal.Center.Add(RecordSamples.Hachioji, s.CenterId, [
            $$$"""{"resourceType":"Observation","id":"{{{s.CenterId}}}-bp1","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"55284-4"}]},"effectiveDateTime":"2020-01-05T10:00:00+09:00","component":[{"code":{"coding":[{"code":"8480-6"}]},"valueQuantity":{"value":130.29193668168674,"code":"mm[Hg]"}},{"code":{"coding":[{"code":"8462-4"}]},"valueQuantity":{"value":75.80746736398898,"code":"mm[Hg]"}}]}""",
            $$$"""{"resourceType":"Observation","id":"{{{s.CenterId}}}-bt1","category":[{"coding":[{"code":"vital-signs"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"8331-1","display":"Oral temperature"}],"text":"Oral temperature"},"effectiveDateTime":"2020-01-05T10:00:00+09:00","valueQuantity":{"value":37.72080406522396,"code":"Cel"}}""",
            $$$"""{"resourceType":"Observation","id":"{{{s.CenterId}}}-lab1","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"2020-01-05T10:00:00+09:00","valueQuantity":{"value":70.44757792383842,"unit":"mg/dL"}}""",
            $$$"""{"resourceType":"Observation","id":"{{{s.CenterId}}}-lab0","category":[{"coding":[{"code":"laboratory"}]}],"code":{"coding":[{"system":"http://loinc.org","code":"2339-0","display":"Glucose"}]},"effectiveDateTime":"2018-06-01T10:00:00+09:00","valueQuantity":{"value":98.5,"unit":"mg/dL"}}""",
        ]);
        using var client = await portal.SignedInClientAsync(s.UserName);

        var page = await client.GetDocumentAsync($"/patients/{s.Patient.Id}");

        Assert.Equal("直近3か月の記録はありません。最新の記録（2020/01/05）までの期間を表示しています。", page.GetElementById("record-latest-notice")?.TextContent.Trim());
        Assert.Contains("2020/01/05", page.QuerySelector(".record-nav__period")!.TextContent, StringComparison.Ordinal);
        Assert.DoesNotContain("この期間・条件に該当する記録はありません", page.Body!.TextContent, StringComparison.Ordinal);
        Assert.NotNull(Cell(page, "バイタル").QuerySelector("a"));
        var vitals = page.GetElementById("summary-vitals")!.TextContent;
        Assert.Contains("130/76 mmHg", vitals, StringComparison.Ordinal);
        Assert.Contains("体温", vitals, StringComparison.Ordinal);
        Assert.Contains("37.7 ℃", vitals, StringComparison.Ordinal);
        Assert.DoesNotContain("Oral temperature", vitals, StringComparison.Ordinal);
        Assert.DoesNotContain("130.29", page.GetElementById("record-summary")!.TextContent, StringComparison.Ordinal);
        var labs = page.GetElementById("summary-labs")!.TextContent;
        Assert.Contains("70.4", labs, StringComparison.Ordinal);
        Assert.Contains("98.5", labs, StringComparison.Ordinal); // 前回値, at the precision sent
        Assert.DoesNotContain("70.447", labs, StringComparison.Ordinal);

        // The detail keeps what was sent (送信値), so nothing is lost by rounding.
        var detailLink = page.QuerySelector("#summary-vitals a")!.GetAttribute("href")!;
        var trend = await client.GetDocumentAsync(detailLink);
        Assert.Contains("130/76 mmHg", trend.GetElementById("detail")!.TextContent, StringComparison.Ordinal);
        var labLink = page.QuerySelectorAll("#summary-labs a").First(a => a.TextContent.Contains("70.4", StringComparison.Ordinal)).GetAttribute("href")!;
        var lab = await client.GetDocumentAsync(labLink);
        var sent = lab.QuerySelectorAll("#detail dt").Single(dt => dt.TextContent == "送信値（丸める前）").NextElementSibling!.TextContent;
        Assert.Equal("70.44757792383842 mg/dL", sent.Trim());
        Assert.Contains("70.4", lab.QuerySelectorAll("#detail dt").Single(dt => dt.TextContent == "結果").NextElementSibling!.TextContent, StringComparison.Ordinal);

        // A period the user chose is shown as chosen, empty or not.
        var chosen = await client.GetDocumentAsync($"/patients/{s.Patient.Id}?from=2026-09-01&to=2026-11-23");
        Assert.Null(chosen.GetElementById("record-latest-notice"));
        Assert.Contains("この期間・条件に該当する記録はありません。", chosen.Body!.TextContent, StringComparison.Ordinal);
    }
}
