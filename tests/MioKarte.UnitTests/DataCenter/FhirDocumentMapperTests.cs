using System.Text.Json;

using MioKarte.Core.Gateway;
using MioKarte.Tests.Shared;

namespace MioKarte.UnitTests.DataCenter;

/// <summary>FHIR documents, DocumentReferences of any type and lab reports as the portal shows them.</summary>
public sealed class FhirDocumentMapperTests
{
    private const string Facility = FhirRecordMapperTests.Facility;

    private static RecordAccumulator MapDocument(string fixture, string compositionId)
    {
        using var document = JsonDocument.Parse(JpClinsFixtures.Json(fixture));
        var into = new RecordAccumulator(Facility);
        Assert.True(FhirRecordMapper.MapDocument(document.RootElement, compositionId, into));
        return into;
    }

    private static RecordAccumulator MapResources(params string[] resources) => FhirRecordMapperTests.Map(resources);

    [Fact]
    public void A_referral_document_gives_each_section_its_narrative_as_text_a_line_per_entry_its_author_and_its_pdf()
    {
        var letter = Assert.Single(MapDocument(JpClinsFixtures.ReferralDocument, "1311234567-c1").ToRecord().ReferralLetters);

        Assert.Equal(new SourceRef(Facility, "Composition", "1311234567-c1"), letter.Source);
        Assert.Equal("紹介 太郎", letter.Author);
        Assert.Equal(new PartialDate(2026, 11, 2, new TimeOnly(10, 15)), letter.Date);
        var purpose = letter.Sections.Single(s => s.Title == "紹介目的");
        // The sender's HTML is never kept: tags (a script among them) are removed, line breaks kept.
        Assert.Equal("糖尿病の継続加療をお願いします。\nよろしくお願いいたします。alert(1)", purpose.Text);
        Assert.DoesNotContain(letter.Sections, s => s.Text.Contains('<', StringComparison.Ordinal));
        Assert.Equal([new DocumentEntry("Condition", "2型糖尿病 2019-04〜")], letter.Sections.Single(s => s.Title == "傷病名・主訴").Entries);
        Assert.Equal([new DocumentEntry("AllergyIntolerance", "ペニシリン系抗菌薬 （蕁麻疹）")], letter.Sections.Single(s => s.Title.StartsWith("アレルギー", StringComparison.Ordinal)).Entries);
        var drug = Assert.Single(letter.Sections.Single(s => s.Title == "投薬指示").Entries!);
        Assert.StartsWith("メトホルミン塩酸塩錠250mg", drug.Text, StringComparison.Ordinal);
        Assert.Contains("1日2回朝夕食後", drug.Text, StringComparison.Ordinal);
        Assert.Equal([new DocumentEntry("Observation", "HbA1c(NGSP) 7.4 %")], letter.Sections.Single(s => s.Title == "検査結果").Entries);
        // The PDF is the DocumentReference entry (index 8 of the document), served through the document.
        Assert.Equal(new ContentReference("Composition/1311234567-c1/8", "application/pdf"), letter.Attachment);
    }

    [Fact]
    public void A_discharge_summary_document_is_a_discharge_summary_not_a_referral_letter()
    {
        var record = MapDocument(JpClinsFixtures.DischargeSummary, "c2").ToRecord();

        Assert.Empty(record.ReferralLetters);
        var summary = Assert.Single(record.Documents!);
        Assert.Equal(DocumentKind.DischargeSummary, summary.Kind);
        Assert.Equal("退院時サマリー", summary.Title);
        Assert.Equal("抗菌薬点滴により解熱し、経過良好で退院。", summary.Sections.Single(s => s.Title == "入院中経過").Text);
        Assert.Equal([new DocumentEntry("Encounter", "2026-10-18 〜 2026-10-30")], summary.Sections.Single(s => s.Title == "入院詳細").Entries);
        Assert.Equal([new DocumentEntry("Condition", "市中肺炎")], summary.Sections.Single(s => s.Title == "入院時診断").Entries);
        Assert.Null(summary.Attachment);
    }

    [Fact]
    public void A_composition_read_by_search_is_replaced_by_its_document_once_the_document_is_read()
    {
        var into = MapResources("""
            {"resourceType":"Composition","id":"c3","status":"final","type":{"coding":[{"system":"http://loinc.org","code":"18842-5"}]},
             "date":"2026-10-30T16:40:00+09:00","title":"退院時サマリー",
             "section":[{"title":"入院中経過","text":{"div":"<div>経過良好</div>"},"entry":[{"reference":"urn:uuid:x"}]}]}
            """);
        Assert.Single(into.Documents);

        using var document = JsonDocument.Parse(JpClinsFixtures.Json(JpClinsFixtures.DischargeSummary));
        FhirRecordMapper.MapDocument(document.RootElement, "c3", into);

        var summary = Assert.Single(into.ToRecord().Documents!);
        Assert.Contains(summary.Sections, s => s.Title == "退院時処方" && s.Entries!.Count == 1);
    }

    [Fact]
    public void A_bundle_that_is_not_a_document_is_not_mapped_as_one()
    {
        using var document = JsonDocument.Parse("""{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Composition"}}]}""");

        Assert.False(FhirRecordMapper.MapDocument(document.RootElement, "c", new RecordAccumulator(Facility)));
    }

    [Fact]
    public void A_progress_note_of_any_type_is_another_document_with_its_text()
    {
        var record = MapResources(JpClinsFixtures.Json(JpClinsFixtures.ProgressNote)).ToRecord();

        var note = Assert.Single(record.Documents!);
        Assert.Equal(DocumentKind.Other, note.Kind);
        Assert.Equal("経過記録（病棟）", note.Title);
        Assert.Equal("解熱傾向。食事摂取良好。\n明日より歩行訓練開始。", Assert.Single(note.Sections).Text);
        Assert.Empty(record.NotShown!);
    }

    [Fact]
    public void A_discharge_summary_pdf_is_a_discharge_summary_with_its_pdf()
    {
        var record = MapResources("""
            {"resourceType":"DocumentReference","id":"ds1","status":"current","type":{"coding":[{"system":"http://loinc.org","code":"18842-5"}]},
             "date":"2026-10-30","content":[{"attachment":{"contentType":"application/pdf","url":"Binary/b1","title":"退院時サマリー.pdf"}}]}
            """).ToRecord();

        var summary = Assert.Single(record.Documents!);
        Assert.Equal(DocumentKind.DischargeSummary, summary.Kind);
        Assert.Equal(new ContentReference("DocumentReference/ds1", "application/pdf"), summary.Attachment);
    }

    [Fact]
    public void A_lab_report_gives_its_conclusion_and_its_pdf_by_presented_form()
    {
        var record = MapResources(JpClinsFixtures.Json(JpClinsFixtures.LabReport)).ToRecord();

        var report = Assert.Single(record.LabReports!);
        Assert.Equal("血液検査報告書", report.Title);
        Assert.Equal("HbA1c 高値。血糖コントロール不良。", report.Conclusion);
        Assert.Equal(new ContentReference("DiagnosticReport/labrep-1/0", "application/pdf"), report.Attachment);
        Assert.Equal(new PartialDate(2026, 10, 20, new TimeOnly(8, 30)), report.Date);
    }

    [Fact]
    public void A_note_report_of_no_lab_or_imaging_kind_is_another_document()
    {
        var text = Convert.ToBase64String("心電図：洞調律。"u8.ToArray());
        var record = MapResources($$"""
            {"resourceType":"DiagnosticReport","id":"n1","status":"final","category":[{"coding":[{"system":"http://loinc.org","code":"LP29708-2","display":"Cardiology"}]}],
             "code":{"text":"心電図所見"},"effectiveDateTime":"2026-10-01","presentedForm":[{"contentType":"text/plain","data":"{{text}}"}]}
            """).ToRecord();

        Assert.Empty(record.LabReports!);
        Assert.Equal("心電図：洞調律。", Assert.Single(Assert.Single(record.Documents!).Sections).Text);
    }

    [Fact]
    public void A_letter_sent_as_a_document_and_as_a_pdf_of_the_same_time_is_shown_once_with_its_pdf()
    {
        var into = MapResources("""
            {"resourceType":"DocumentReference","id":"pdf1","status":"current","type":{"coding":[{"system":"http://loinc.org","code":"57133-1"}]},
             "date":"2026-11-02T10:15:00+09:00","content":[{"attachment":{"contentType":"application/pdf","url":"Binary/b1"}}]}
            """,
            """
            {"resourceType":"DocumentReference","id":"pdf2","status":"current","type":{"coding":[{"system":"http://loinc.org","code":"57133-1"}]},
             "date":"2026-12-01T09:00:00+09:00","content":[{"attachment":{"contentType":"application/pdf","url":"Binary/b2"}}]}
            """);
        using var document = JsonDocument.Parse("""
            {"resourceType":"Bundle","type":"document","entry":[{"fullUrl":"urn:uuid:c","resource":{"resourceType":"Composition","status":"final",
             "type":{"coding":[{"system":"http://loinc.org","code":"57133-1"}]},"date":"2026-11-02T10:15:00+09:00","title":"診療情報提供書",
             "section":[{"title":"紹介目的","text":{"div":"<div>精査のお願い</div>"}}]}}]}
            """);
        FhirRecordMapper.MapDocument(document.RootElement, "c1", into);

        var letters = into.ToRecord().ReferralLetters;
        Assert.Equal(2, letters.Count);
        var structured = letters.Single(l => l.Source.ResourceType == "Composition");
        Assert.Equal(new ContentReference("DocumentReference/pdf1", "application/pdf"), structured.Attachment);
        Assert.Equal("pdf2", letters.Single(l => l.Source.ResourceType == "DocumentReference").Source.ResourceId);
    }
}
