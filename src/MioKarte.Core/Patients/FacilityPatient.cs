using MioKarte.Core.Common;
using MioKarte.Core.Facilities;
using MioKarte.Core.Gateway;

namespace MioKarte.Core.Patients;

/// <summary>
/// A patient of a viewing facility (自院の患者), known by the facility's own 患者ID. Links to the
/// patient's records at one or more disclosing facilities hang off it (<see cref="PatientLink"/>);
/// the record timeline merges them. URLs name it by <see cref="Id"/> only, never by 患者ID or name.
/// </summary>
public sealed class FacilityPatient : IVersioned, IFacilityOwned
{
    public const int LocalPatientIdMaxLength = 20;
    public const int NameMaxLength = 100;

    private FacilityPatient()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The viewing facility (紹介先) whose patient this is. Every query filters by it.</summary>
    public Guid FacilityId { get; private set; }

    /// <summary>The facility's own 患者ID (自院の患者ID), unique within the facility.</summary>
    public string LocalPatientId { get; private set; } = "";

    public string NameKanji { get; private set; } = "";

    /// <summary>Name in full-width katakana, as normalised when the first link was verified.</summary>
    public string NameKana { get; private set; } = "";

    public Sex Sex { get; private set; }

    public DateOnly BirthDate { get; private set; }

    public DateTime CreatedAtUtc { get; private set; }

    /// <summary>User name of whoever registered the patient.</summary>
    public string CreatedBy { get; private set; } = "";

    public Guid Version { get; private set; }

    /// <summary>
    /// 最新データ日: the newest clinical date seen for this patient at any linked facility, recorded
    /// when a link is made (the demo knows it) or when the record is viewed, so the patient list
    /// needs no data-center call per row. Null until known. Not a change of the patient: no new version.
    /// </summary>
    public DateOnly? LatestDataDate { get; private set; }

    /// <summary>Keeps <paramref name="date"/> when it is newer than what is recorded.</summary>
    public void NoteLatestDataDate(DateOnly date)
    {
        if (LatestDataDate is not { } known || date > known)
        {
            LatestDataDate = date;
        }
    }

    public static FacilityPatient Register(
        Guid facilityId, string localPatientId, string nameKanji, string nameKana, Sex sex, DateOnly birthDate,
        string actor, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(localPatientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return new FacilityPatient
        {
            Id = Guid.NewGuid(),
            FacilityId = facilityId,
            LocalPatientId = localPatientId,
            NameKanji = nameKanji,
            NameKana = nameKana,
            Sex = sex,
            BirthDate = birthDate,
            CreatedAtUtc = nowUtc,
            CreatedBy = actor,
            Version = Guid.NewGuid(),
        };
    }
}
