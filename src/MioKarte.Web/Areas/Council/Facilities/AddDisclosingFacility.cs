using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Applications;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;

namespace MioKarte.Web.Areas.Council.Facilities;

public abstract record AddFacilityOutcome
{
    private AddFacilityOutcome()
    {
    }

    /// <summary>Added now, or found already added by a repeated submit of the same form.</summary>
    public sealed record Added(Guid FacilityId) : AddFacilityOutcome;

    public sealed record Invalid(IReadOnlyList<FieldError> Errors) : AddFacilityOutcome;
}

/// <summary>
/// 情報開示施設の追加: the council enters one of the group's hospitals directly (no application).
/// The 施設コード is the next free D number (D00001, D00002…). The 医療機関コード identifies an
/// institution, so a second facility with the code of one not withdrawn is refused, except that a
/// repeated submit of the same form (same code, same name) leads to the facility already added.
/// </summary>
public sealed class AddDisclosingFacilityHandler(MioKarteDbContext db, TimeProvider time, ILogger<AddDisclosingFacilityHandler> logger) : IUseCaseHandler
{
    private const int Attempts = 3;

    public async Task<AddFacilityOutcome> HandleAsync(DisclosingFacilityInput input, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var errors = FacilityForms.NormaliseAndValidate(input);
        if (errors.Count > 0)
        {
            return new AddFacilityOutcome.Invalid(errors);
        }

        var existing = await db.Facilities.AsNoTracking()
            .Where(f => f.InstitutionCode == input.InstitutionCode && f.Status != FacilityStatus.Withdrawn)
            .Select(f => new { f.Id, f.Code, f.Name, f.Role })
            .FirstOrDefaultAsync();
        if (existing is not null)
        {
            return existing.Role == FacilityRole.Disclosing && existing.Name == input.FacilityName
                ? new AddFacilityOutcome.Added(existing.Id)
                : new AddFacilityOutcome.Invalid([new FieldError(nameof(input.InstitutionCode), "Facilities.Error.InstitutionCodeTaken", existing.Code, existing.Name)]);
        }

        // Two staff adding at once may both pick the same next code: the unique index refuses the
        // second, which takes the next one.
        for (var attempt = 1; ; attempt++)
        {
            var facility = Facility.Create(
                await FacilityCode.NextAsync(db.Facilities, FacilityRole.Disclosing), input.FacilityName!, input.FacilityNameKana!,
                Enum.Parse<FacilityType>(input.FacilityType!), FacilityRole.Disclosing, input.InstitutionCode,
                input.PostalCode!, input.Address!, input.Phone!,
                FacilityForms.Number(input.UserAllowance), FacilityForms.Number(input.TerminalAllowance),
                actor.UserName, time.GetUtcNow().UtcDateTime);
            db.Facilities.Add(facility);
            try
            {
                await db.SaveChangesAsync();
                logger.LogInformation("Disclosing facility {FacilityCode} added", facility.Code);
                return new AddFacilityOutcome.Added(facility.Id);
            }
            catch (DbUpdateException) when (attempt < Attempts)
            {
                db.ChangeTracker.Clear();
            }
        }
    }
}
