using MioKarte.Core.Records;

namespace MioKarte.Web.Areas.Clinical.Records;

/// <summary>
/// The addresses of a record: <c>/patients/{id}</c> for a patient of the user's facility,
/// <c>/patients/emergency/{grantId}/record</c> under the user's own 非常時アクセス grant. Every link
/// of the record pages (table, details, images, summary, refresh, progress) starts with one of them.
/// </summary>
public static class RecordPaths
{
    public static string Of(RecordSubject subject) =>
        subject.IsEmergencyGrant ? $"/patients/emergency/{subject.Id}/record" : $"/patients/{subject.Id}";

    /// <summary>The address of the record this context was built for.</summary>
    public static string Of(PatientRecordContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        return Of(context.Emergency is { } grant ? RecordSubject.Grant(grant.Id) : RecordSubject.Patient(context.Patient.Id));
    }
}
