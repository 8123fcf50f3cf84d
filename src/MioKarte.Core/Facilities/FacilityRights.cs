using MioKarte.Core.Applications;
using MioKarte.Core.Identity;

namespace MioKarte.Core.Facilities;

/// <summary>
/// The 利用権 a facility's first 管理責任者 receives at the council's registration (登録完了). The
/// administrator always gets 利用者の管理 — without it nobody could ever add a user or a terminal
/// to the new facility. The clinical rights are the council's choice on the registration page,
/// pre-set by the facility's type: a facility whose staff are licensed health professionals
/// (病院, 診療所, 歯科診療所, 薬局, 訪問看護ステーション, 助産所) works with patient data from day one;
/// a 介護サービス事業者 or その他 is not a medical institution, so the council grants clinical
/// rights only after checking who will read the records (docs/registration.md).
/// </summary>
public static class FacilityRights
{
    /// <summary>The rights that touch patient data; the rest is administration.</summary>
    public const UserRights Clinical = UserRights.ViewClinicalData | UserRights.RegisterPatientLinks;

    /// <summary>What the registration page ticks for a facility of <paramref name="type"/>.</summary>
    public static UserRights ClinicalDefaultsFor(FacilityType type) => type switch
    {
        FacilityType.Hospital or FacilityType.Clinic or FacilityType.DentalClinic
            or FacilityType.Pharmacy or FacilityType.HomeNursingStation
            or FacilityType.MidwiferyHome => Clinical,
        FacilityType.CareProvider or FacilityType.Other => UserRights.None,
    };

    /// <summary>The first administrator's rights: 利用者の管理 and the clinical rights chosen (anything else is ignored).</summary>
    public static UserRights ForFirstAdministrator(UserRights clinical) => UserRights.ManageUsers | (clinical & Clinical);
}
