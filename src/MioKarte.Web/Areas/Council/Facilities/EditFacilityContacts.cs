using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;
using MioKarte.Core.Data;
using MioKarte.Core.Facilities;
using MioKarte.Core.Hosting;
using MioKarte.Web.Areas.Council.Shared;

namespace MioKarte.Web.Areas.Council.Facilities;

/// <summary>The contact form: the facility it belongs to, the values, the version it showed and what is wrong.</summary>
public sealed record FacilityContactsPage(
    Guid FacilityId, string Code, string Name, FacilityContactsInput Input, Guid Version,
    IReadOnlyDictionary<string, string>? Errors = null, string? Error = null)
{
    public string? ErrorFor(string field) => Errors is not null && Errors.TryGetValue(field, out var message) ? message : null;
}

/// <summary>
/// 連絡先の変更: the council corrects a facility's 郵便番号, 所在地 and 電話番号, with the same
/// rules as the application form. Concurrency as for status moves: the form's version must be
/// current, a repeated submit of the same values is harmless, a withdrawn facility is not changed.
/// </summary>
public sealed class EditFacilityContactsHandler(
    MioKarteDbContext db, TimeProvider time, CouncilActorsHandler actors, ILogger<EditFacilityContactsHandler> logger) : IUseCaseHandler
{
    /// <summary>The form filled with the stored values; null when there is no such facility.</summary>
    public async Task<FacilityContactsPage?> FormAsync(Guid facilityId) =>
        await db.Facilities.AsNoTracking()
            .Where(f => f.Id == facilityId)
            .Select(f => new FacilityContactsPage(
                f.Id, f.Code, f.Name, new FacilityContactsInput { PostalCode = f.PostalCode, Address = f.Address, Phone = f.Phone }, f.Version, null, null))
            .SingleOrDefaultAsync();

    public async Task<FacilityChangeOutcome> HandleAsync(Guid facilityId, FacilityContactsInput input, Guid version, Actor actor)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(actor);
        var facility = await db.Facilities.SingleOrDefaultAsync(f => f.Id == facilityId);
        if (facility is null)
        {
            return new FacilityChangeOutcome.NotFound();
        }

        var errors = FacilityForms.NormaliseAndValidate(input);
        if (facility.Version != version)
        {
            var same = facility.PostalCode == input.PostalCode && facility.Address == input.Address && facility.Phone == input.Phone;
            return await ChangeFacilityStatusHandler.StaleAsync(db, actors, facilityId, actor.UserName, FacilityEventKind.ContactsChanged, alreadyDone: same);
        }

        if (errors.Count > 0)
        {
            return new FacilityChangeOutcome.InvalidFields(errors);
        }

        if (!Facility.CanMove(facility.Status, FacilityEventKind.ContactsChanged))
        {
            return new FacilityChangeOutcome.Refused(facility.Status);
        }

        facility.UpdateContacts(actor.UserName, input.PostalCode!, input.Address!, input.Phone!, time.GetUtcNow().UtcDateTime);
        if (!await db.TrySaveAtVersionAsync(facility, version))
        {
            return await ChangeFacilityStatusHandler.StaleAsync(db, actors, facilityId, actor.UserName, FacilityEventKind.ContactsChanged, alreadyDone: false);
        }

        logger.LogInformation("Facility {FacilityCode}: contacts changed", facility.Code);
        return new FacilityChangeOutcome.Changed();
    }
}
