using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Records;

namespace MioKarte.Web.Areas.Clinical.Records;

/// <summary>The summary form's choices (Japan dates, categories; none = all).</summary>
public sealed record SummaryInput(DateOnly? From, DateOnly? To, IReadOnlyList<RecordCategory> Categories);

/// <summary>患者サマリの印刷: the PDF for the chosen period and categories, written to the access log.</summary>
public sealed class PrintSummaryHandler(MioKarteDbContext db, AccessLogWriter accessLog, TimeProvider time, IStringLocalizer<SharedResource> text) : IUseCaseHandler
{
    public async Task<byte[]> HandleAsync(PatientRecordContext context, DateOnly from, DateOnly to, IReadOnlyList<RecordCategory> categories, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(context);
        var facility = await db.Facilities.AsNoTracking().Where(f => f.Id == context.ViewingFacilityId).Select(f => f.Name).SingleAsync(cancellationToken);
        var p = context.Patient;
        var patient = new SummaryPatient(p.NameKanji, p.NameKana, p.LocalPatientId, p.BirthDate, text["Sex." + p.Sex].Value, facility,
            context.Emergency is null ? "自院の患者ID" : "紹介元の患者ID", context.Index.Death);
        var pdf = PatientSummaryPdf.Build(patient, context.Index.Summary, context.Index.Items, from, to, categories, c => text["Record.Category." + c].Value,
            time.GetUtcNow().UtcDateTime, context.Actor.DisplayName,
            [.. context.Index.Unavailable.Select(u => u.FacilityName), .. context.Index.PartlyRead.Select(p => p.FacilityName)]);
        await accessLog.AppendAsync(context.Actor, context.Accessed(
            AccessAction.PrintSummary, context.Links.Count == 1 ? context.Links[0].Id : null,
            $"Summary/{from:yyyyMMdd}-{to:yyyyMMdd}/{string.Join('+', categories)}"), cancellationToken);
        return pdf;
    }
}
