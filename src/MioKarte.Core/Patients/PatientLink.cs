using MioKarte.Core.Common;
using MioKarte.Core.Facilities;

namespace MioKarte.Core.Patients;

/// <summary>
/// 患者IDの登録: the link between a viewing facility's patient and that patient's record at one
/// disclosing facility (紹介元), made from the 患者情報送信票 on the strength of the signed 同意書.
/// While it is active, the viewing facility's users with the right see that facility's shared
/// data for the patient; 同意撤回 ends it from that moment and keeps it as history.
/// </summary>
public sealed class PatientLink : IVersioned, IFacilityOwned
{
    public const int DisclosingPatientIdMaxLength = 20;
    public const int PersonMaxLength = 100;
    public const int ReasonMaxLength = 1000;

    private PatientLink()
    {
    }

    public Guid Id { get; private set; }

    /// <summary>The viewing facility's patient (<see cref="FacilityPatient"/>).</summary>
    public Guid FacilityPatientId { get; private set; }

    /// <summary>The viewing facility (紹介先), copied from the patient so scoping needs no join.</summary>
    public Guid FacilityId { get; private set; }

    /// <summary>The disclosing facility (紹介元, a <c>Facility</c> with role Disclosing).</summary>
    public Guid DisclosingFacilityId { get; private set; }

    /// <summary>The patient's ID at the disclosing facility, as on the 患者情報送信票.</summary>
    public string DisclosingPatientId { get; private set; } = "";

    /// <summary>同意日 (Japan calendar day on the 同意書).</summary>
    public DateOnly ConsentDate { get; private set; }

    /// <summary>Who obtained the consent (同意取得者), as typed.</summary>
    public string ConsentObtainedBy { get; private set; } = "";

    /// <summary>The stored scan of the signed 同意書: a file name inside the data folder, never a web path.</summary>
    public string? ConsentScanFile { get; private set; }

    /// <summary>Content type of the scan, checked from its bytes (application/pdf, image/jpeg, image/png).</summary>
    public string? ConsentScanContentType { get; private set; }

    /// <summary>Last instant the consent covers (exclusive), when a validity period is configured.</summary>
    public DateTime? ConsentValidUntilUtc { get; private set; }

    public DateTime LinkedAtUtc { get; private set; }

    public string LinkedBy { get; private set; } = "";

    /// <summary>同意撤回: from this instant the link shows nothing.</summary>
    public DateTime? WithdrawnAtUtc { get; private set; }

    public string? WithdrawnBy { get; private set; }

    public string? WithdrawalReason { get; private set; }

    public Guid Version { get; private set; }

    /// <summary>Whether the link lets its facility see data at <paramref name="nowUtc"/>.</summary>
    public bool IsActiveAt(DateTime nowUtc) =>
        WithdrawnAtUtc is null && (ConsentValidUntilUtc is not { } until || nowUtc < until);

    public static PatientLink Create(
        FacilityPatient patient, Guid disclosingFacilityId, string disclosingPatientId, DateOnly consentDate,
        string consentObtainedBy, DateTime? consentValidUntilUtc, string actor, DateTime nowUtc, Guid? id = null)
    {
        ArgumentNullException.ThrowIfNull(patient);
        ArgumentException.ThrowIfNullOrWhiteSpace(disclosingPatientId);
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        return new PatientLink
        {
            // Chosen before saving when the data center's Consent is registered first (it is keyed by the link's id).
            Id = id ?? Guid.NewGuid(),
            FacilityPatientId = patient.Id,
            FacilityId = patient.FacilityId,
            DisclosingFacilityId = disclosingFacilityId,
            DisclosingPatientId = disclosingPatientId,
            ConsentDate = consentDate,
            ConsentObtainedBy = consentObtainedBy,
            ConsentValidUntilUtc = consentValidUntilUtc,
            LinkedAtUtc = nowUtc,
            LinkedBy = actor,
            Version = Guid.NewGuid(),
        };
    }

    /// <summary>Records where the 同意書 scan was stored (once, when the link is made).</summary>
    public void AttachConsentScan(string fileName, string contentType)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(fileName);
        ArgumentException.ThrowIfNullOrWhiteSpace(contentType);
        ConsentScanFile = fileName;
        ConsentScanContentType = contentType;
        Version = Guid.NewGuid();
    }

    /// <summary>同意撤回: final; a second withdrawal changes nothing and returns false.</summary>
    public bool Withdraw(string actor, string reason, DateTime nowUtc)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(actor);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        if (WithdrawnAtUtc is not null)
        {
            return false;
        }

        WithdrawnAtUtc = nowUtc;
        WithdrawnBy = actor;
        WithdrawalReason = reason;
        Version = Guid.NewGuid();
        return true;
    }
}
