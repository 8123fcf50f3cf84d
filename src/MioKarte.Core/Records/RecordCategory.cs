namespace MioKarte.Core.Records;

/// <summary>The rows of the 一連の表, in the order they are shown.</summary>
public enum RecordCategory
{
    Prescription,    // 処方
    Injection,       // 注射
    LabOrder,        // 検査オーダ
    LabResult,       // 検査結果
    ImagingOrder,    // 画像オーダ
    Image,           // 画像
    RadiologyReport, // 読影レポート
    ReferralLetter,  // 診療情報提供書

    // Clinical facts (each also in the 患者サマリー above the table).
    Diagnosis,       // 傷病名
    Allergy,         // アレルギー・薬剤禁忌
    VitalSign,       // バイタル
    // Documents (h16-docs)
    DischargeSummary, // 退院時サマリー
    ClinicalDocument, // その他の文書 (経過記録, 看護サマリー…)
    LabReport,        // 検査レポート
}

/// <summary>The columns of the 一連の表: one day, one week (Monday to Sunday) or one month each.</summary>
public enum TableZoom
{
    Day,
    Week,
    Month,
}
