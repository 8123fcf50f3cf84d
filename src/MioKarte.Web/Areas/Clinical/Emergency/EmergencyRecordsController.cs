using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using MioKarte.Core.Records;
using MioKarte.Web.Areas.Clinical.Records;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Clinical.Emergency;

/// <summary>
/// The record under the user's own 非常時アクセス grant (/patients/emergency/{grantId}/record): the
/// same pages and record context as a linked patient's, built from the grant's one facility, with
/// every view marked as emergency in the access log. Another user's grant, or an ended one, is not
/// found (an ended own grant says so: 410).
/// </summary>
[Area("Clinical")]
[ControllerName("Records")]
[Authorize(Policy = PortalPolicies.ViewClinicalData)]
[Route("patients/emergency/{id:guid}/record")]
public sealed class EmergencyRecordsController(LoadPatientRecordHandler load, TimeProvider time) : RecordPagesController(load, time)
{
    protected override RecordSubject SubjectOf(Guid id) => RecordSubject.Grant(id);
}
