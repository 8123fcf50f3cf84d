using System.Globalization;
using Microsoft.EntityFrameworkCore;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Records;
using MioKarte.Core.Text;
using MioKarte.Web.Infrastructure;

namespace MioKarte.Web.Areas.Clinical;

/// <summary>How the Clinical forms read what people type about a patient: ids, dates and sex.</summary>
public static class PatientFields
{
    /// <summary>A patient id as typed: NFKC (全角 → ASCII), spaces removed. Null stays null.</summary>
    public static string? Id(string? value) => JapaneseText.Clean(value)?.Replace(" ", "", StringComparison.Ordinal);

    /// <summary>Letters, digits, "-" and "_" only: what facilities use as 患者ID.</summary>
    public static bool IsWellFormedId(string value) => value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    /// <summary>A day that has come (a birth date, a consent date) as <see cref="JapaneseDate"/> reads it, 西暦 or 和暦; null when it is none.</summary>
    public static DateOnly? Date(string? value, DateOnly today) => JapaneseDate.ParseOrNull(value, DateBounds.UpTo(today));

    /// <summary>The sex radio button's value (Male, Female, Other); null for anything else.</summary>
    public static Sex? Sex(string? value) => value switch
    {
        nameof(Core.Common.Sex.Male) => Core.Common.Sex.Male,
        nameof(Core.Common.Sex.Female) => Core.Common.Sex.Female,
        nameof(Core.Common.Sex.Other) => Core.Common.Sex.Other,
        _ => null,
    };
}

/// <summary>The disclosing facilities a patient can be linked to: active, role Disclosing, with a 10-digit code at the data center.</summary>
public sealed record DisclosingFacilityChoice(Guid Id, string Code, string Name, string InstitutionCode)
{
    public static Task<List<DisclosingFacilityChoice>> ListAsync(MioKarteDbContext db, CancellationToken cancellationToken = default) =>
        Project(Choices(db).OrderBy(f => f.Code)).ToListAsync(cancellationToken);

    /// <summary>The chosen facility (the form's value) when it is one of the choices; else null.</summary>
    public static async Task<DisclosingFacilityChoice?> FindAsync(MioKarteDbContext db, string? chosen, CancellationToken cancellationToken = default) =>
        Guid.TryParse(chosen, out var id) ? await Project(Choices(db).Where(f => f.Id == id)).FirstOrDefaultAsync(cancellationToken) : null;

    private static IQueryable<Facility> Choices(MioKarteDbContext db)
    {
        ArgumentNullException.ThrowIfNull(db);
        return db.Facilities.AsNoTracking()
            .Where(f => f.Role == FacilityRole.Disclosing && f.Status == FacilityStatus.Active && f.InstitutionCode != null);
    }

    private static IQueryable<DisclosingFacilityChoice> Project(IQueryable<Facility> facilities) =>
        facilities.Select(f => new DisclosingFacilityChoice(f.Id, f.Code, f.Name, f.InstitutionCode!));
}
