using MioKarte.Core.Applications;

namespace MioKarte.UnitTests.Pdf;

/// <summary>An application as a clinic would enter it: kanji that Skia used to mangle (用, 人, 医, 薬), full-width digits.</summary>
internal static class SampleApplications
{
    public static ParticipationApplicationForm InternetClinic() => new()
    {
        ReceiptNumber = "MK-2026-000123",
        SubmittedOn = new DateOnly(2026, 11, 23),
        FacilityName = "医療法人社団用人会　八王子みなみ野医院",
        FacilityNameKana = "イリョウホウジンシャダンヨウジンカイ　ハチオウジミナミノイイン",
        FacilityType = FacilityType.Clinic,
        InstitutionCode = "1312345678",
        PostalCode = "192-0916",
        Address = "東京都八王子市みなみ野１－２－３　用人ビル２階",
        Phone = "042-000-1234",
        Fax = "042-000-1235",
        Founder = new("永生 太郎", "理事長"),
        Manager = new("人見 花子", "院長"),
        Administrator = new("薬師寺 用一", "ヤクシジ ヨウイチ", "薬剤部", "042-000-1236", "admin@minamino-clinic.example.jp"),
        UserCount = 12,
        PcTerminalCount = 3,
        IpadTerminalCount = 2,
        Connection = ConnectionType.InternetSsl,
        DesiredStartDate = new DateOnly(2027, 1, 4),
        AgreesToIdLinkTerms = true,
        AgreesToOperatingRules = true,
        PrivacyPolicyUpdated = true,
    };

    public static ParticipationApplicationForm VpnPharmacy() => InternetClinic() with
    {
        ReceiptNumber = "MK-2026-000124",
        FacilityName = "用人薬局　散田町店",
        FacilityNameKana = "ヨウジンヤッキョク　サンダマチテン",
        FacilityType = FacilityType.Pharmacy,
        Connection = ConnectionType.OnDemandVpn,
        VpnBankAccount = new("多摩信用金庫", "八王子支店", BankAccountType.Ordinary, "1234567", "イリヨウホウジンシヤダン　ヨウジンカイ"),
    };
}
