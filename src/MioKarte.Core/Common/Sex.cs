namespace MioKarte.Core.Common;

/// <summary>
/// Administrative sex, as a disclosing facility sends it and as the portal stores it on a facility's
/// patient (<c>FacilityPatient</c>) — one value type for the gateway, the patients and the records.
/// </summary>
public enum Sex
{
    Unknown,
    Male,
    Female,
    Other,
}
