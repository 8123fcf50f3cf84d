namespace MioKarte.Core.Identity;

/// <summary>
/// 利用権: what a facility's user may do, granted by the facility's 管理責任者. Stored on
/// <see cref="PortalUser.Rights"/> and carried in the sign-in cookie as <c>mio:right</c> claims;
/// every clinical and administration action checks the right on the server.
/// </summary>
[Flags]
public enum UserRights
{
    None = 0,
    ViewClinicalData = 1,      // 診療情報の閲覧
    RegisterPatientLinks = 2,  // 患者IDの登録（患者の紐付け）
    ManageUsers = 4,           // 利用者・端末・事故の管理（管理責任者の業務）
}

/// <summary>職種 of a facility's user (section 3-2: the 管理責任者 registers each user's job).</summary>
public enum StaffJob
{
    Physician,              // 医師
    Dentist,                // 歯科医師
    Pharmacist,             // 薬剤師
    Nurse,                  // 看護師
    PublicHealthNurse,      // 保健師
    Midwife,                // 助産師
    PhysicalTherapist,      // 理学療法士
    OccupationalTherapist,  // 作業療法士
    CareManager,            // 介護支援専門員
    MedicalClerk,           // 医療事務
    Other,                  // その他
}
