namespace MioKarte.Core.Applications;

/// <summary>種別 of a viewing facility, as on the 施設入会申込書.</summary>
public enum FacilityType
{
    Hospital,           // 病院
    Clinic,             // 診療所
    DentalClinic,       // 歯科診療所
    Pharmacy,           // 薬局
    HomeNursingStation, // 訪問看護ステーション
    CareProvider,       // 介護サービス事業者
    MidwiferyHome,      // 助産所
    Other,              // その他
}

/// <summary>How the facility connects to the data center (section 2-2).</summary>
public enum ConnectionType
{
    InternetSsl, // インターネット（SSL暗号化通信）
    OnDemandVpn, // オンデマンドVPN
}

/// <summary>預金種目 for the 預金口座振替申込書.</summary>
public enum BankAccountType
{
    Ordinary, // 普通
    Current,  // 当座
}

/// <summary>A person named on the forms (開設者, 管理者): name and title.</summary>
public sealed record NamedPerson(string Name, string Title);

/// <summary>The facility's 管理責任者, who receives the credentials (section 3-2).</summary>
public sealed record AdministratorContact(
    string Name, string NameKana, string Department, string Phone, string Email);

/// <summary>Bank account for the on-demand VPN's direct debit (預金口座振替申込書).</summary>
public sealed record BankAccount(
    string BankName, string BranchName, BankAccountType AccountType, string AccountNumber, string HolderKana);

/// <summary>
/// Everything a viewing facility states in its participation application (参加申込), already
/// validated and normalised. One application produces the forms of section 2-3:
/// ① 「ID-Link」サービス 契約申込書（閲覧施設様用）新規申込用 (IdLinkContractApplication),
/// ② 施設入会申込書 (MembershipApplication), and with the on-demand VPN
/// ③ OD-VPN契約申込書 (OnDemandVpnApplication) and ④ 預金口座振替申込書 (DirectDebitApplication).
/// </summary>
public sealed record ParticipationApplicationForm
{
    public required string ReceiptNumber { get; init; }          // 受付番号, e.g. "MK-2026-000123"
    public required DateOnly SubmittedOn { get; init; }          // 申込日 (Japan date)
    public required string FacilityName { get; init; }
    public required string FacilityNameKana { get; init; }
    public required FacilityType FacilityType { get; init; }
    public string? FacilityTypeOther { get; init; }              // when FacilityType is Other
    public string? InstitutionCode { get; init; }                // 保険医療機関コード / 薬局コード: 10 digits
    public required string PostalCode { get; init; }             // "193-0832"
    public required string Address { get; init; }
    public required string Phone { get; init; }
    public string? Fax { get; init; }
    public required NamedPerson Founder { get; init; }           // 開設者
    public required NamedPerson Manager { get; init; }           // 管理者
    public required AdministratorContact Administrator { get; init; } // 管理責任者
    public required int UserCount { get; init; }
    public required int PcTerminalCount { get; init; }
    public required int IpadTerminalCount { get; init; }
    public required ConnectionType Connection { get; init; }
    public required DateOnly DesiredStartDate { get; init; }
    public required bool AgreesToIdLinkTerms { get; init; }
    public required bool AgreesToOperatingRules { get; init; }
    public required bool PrivacyPolicyUpdated { get; init; }     // 4-1 事前準備
    public BankAccount? VpnBankAccount { get; init; }            // required when Connection is OnDemandVpn
}
