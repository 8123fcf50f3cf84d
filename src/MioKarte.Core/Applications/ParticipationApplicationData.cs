namespace MioKarte.Core.Applications;

/// <summary>
/// What the applicant stated, validated and normalised, stored flat (one column per field) so the
/// council can search by name, kana and code. <see cref="ToForm"/> gives the printable form.
/// </summary>
public sealed record ParticipationApplicationData
{
    public required string FacilityName { get; init; }
    public required string FacilityNameKana { get; init; }
    public required FacilityType FacilityType { get; init; }
    public string? FacilityTypeOther { get; init; }
    public string? InstitutionCode { get; init; }
    public required string PostalCode { get; init; }
    public required string Address { get; init; }
    public required string Phone { get; init; }
    public string? Fax { get; init; }
    public required string FounderName { get; init; }
    public required string FounderTitle { get; init; }
    public required string ManagerName { get; init; }
    public required string ManagerTitle { get; init; }
    public required string AdministratorName { get; init; }
    public required string AdministratorNameKana { get; init; }
    public required string AdministratorDepartment { get; init; }
    public required string AdministratorPhone { get; init; }
    public required string AdministratorEmail { get; init; }
    public required int UserCount { get; init; }
    public required int PcTerminalCount { get; init; }
    public required int IpadTerminalCount { get; init; }
    public required ConnectionType Connection { get; init; }
    public required DateOnly DesiredStartDate { get; init; }
    public required bool AgreesToIdLinkTerms { get; init; }
    public required bool AgreesToOperatingRules { get; init; }
    public required bool PrivacyPolicyUpdated { get; init; }
    public string? BankName { get; init; }
    public string? BankBranchName { get; init; }
    public BankAccountType? BankAccountType { get; init; }
    public string? BankAccountNumber { get; init; }
    public string? BankAccountHolderKana { get; init; }

    public ParticipationApplicationForm ToForm(string receiptNumber, DateOnly submittedOn) => new()
    {
        ReceiptNumber = receiptNumber,
        SubmittedOn = submittedOn,
        FacilityName = FacilityName,
        FacilityNameKana = FacilityNameKana,
        FacilityType = FacilityType,
        FacilityTypeOther = FacilityTypeOther,
        InstitutionCode = InstitutionCode,
        PostalCode = PostalCode,
        Address = Address,
        Phone = Phone,
        Fax = Fax,
        Founder = new NamedPerson(FounderName, FounderTitle),
        Manager = new NamedPerson(ManagerName, ManagerTitle),
        Administrator = new AdministratorContact(
            AdministratorName, AdministratorNameKana, AdministratorDepartment, AdministratorPhone, AdministratorEmail),
        UserCount = UserCount,
        PcTerminalCount = PcTerminalCount,
        IpadTerminalCount = IpadTerminalCount,
        Connection = Connection,
        DesiredStartDate = DesiredStartDate,
        AgreesToIdLinkTerms = AgreesToIdLinkTerms,
        AgreesToOperatingRules = AgreesToOperatingRules,
        PrivacyPolicyUpdated = PrivacyPolicyUpdated,
        VpnBankAccount = Connection == ConnectionType.OnDemandVpn && BankAccountType is { } accountType
            ? new BankAccount(BankName ?? "", BankBranchName ?? "", accountType, BankAccountNumber ?? "", BankAccountHolderKana ?? "")
            : null,
    };
}
