using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;
using MioKarte.Core.Text;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Council.Facilities;

/// <summary>A CSV download: its bytes, its Japanese file name and the ASCII name for old clients.</summary>
public sealed record CsvDownload(byte[] Content, string FileName, string AsciiFileName);

/// <summary>
/// 施設台帳のCSV: every facility of the current filter (not only the page shown), in the list's
/// order, for Excel (docs/facilities.md: UTF-8 with BOM, CRLF, quoted as RFC 4180, formula cells
/// guarded). Headers and values are Japanese whatever language the page was in, like the mails;
/// dates and times are Japan time.
/// </summary>
public sealed class FacilityExportHandler(MioKarteDbContext db, MailText text, TimeProvider time) : IUseCaseHandler
{
    private static readonly string[] Columns =
    [
        "Code", "Name", "NameKana", "Role", "Type", "InstitutionCode", "PostalCode", "Address", "Phone",
        "Status", "StatusReason", "Users", "UserAllowance", "TerminalAllowance", "RegisteredAt", "StatusChangedAt", "StatusChangedBy",
    ];

    public async Task<CsvDownload> HandleAsync(FacilityListQuery query)
    {
        var rows = await FacilityListHandler.Rows(db, FacilityFilter.From(query)).ToListAsync();
        var header = Columns.Select(c => text["Facilities.Column." + c]);
        var records = rows.Select(r => new[]
        {
            r.Code, r.Name, r.NameKana, text["FacilityRole." + r.Role], text["FacilityType." + r.Type], r.InstitutionCode,
            r.PostalCode, r.Address, r.Phone, text["FacilityStatus." + r.Status], r.StatusReason,
            Number(r.Users), Number(r.UserAllowance), Number(r.TerminalAllowance),
            JapanTime.Format(r.RegisteredAtUtc), JapanTime.Format(r.StatusChangedAtUtc), r.StatusChangedBy,
        });
        var today = JapanTime.Today(time).ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        return new CsvDownload(
            CsvWriter.ToBytes([header, .. records]),
            $"{text["Facilities.CsvFileName"]}_{today}.csv",
            $"facilities_{today}.csv");
    }

    private static string Number(int value) => value.ToString(CultureInfo.InvariantCulture);
}
