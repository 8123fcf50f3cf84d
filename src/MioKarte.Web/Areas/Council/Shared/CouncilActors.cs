using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;
using MioKarte.Core.Applications;
using MioKarte.Core.Data;
using MioKarte.Core.Hosting;

namespace MioKarte.Web.Areas.Council.Shared;

/// <summary>
/// Turns the actors recorded in an application's history (利用者ID of council staff, or the
/// applicant and the portal itself) into the names people read on the council's screens.
/// </summary>
public sealed class CouncilActorsHandler(MioKarteDbContext db, IStringLocalizer<SharedResource> text) : IUseCaseHandler
{
    /// <summary>
    /// A name per actor: the staff member's 氏名, 「申込者」 or 「システム」 for the applicant's and the
    /// portal's own moves, and otherwise the 利用者ID as it was recorded.
    /// </summary>
    public async Task<IReadOnlyDictionary<string, string>> DisplayNamesAsync(IEnumerable<string?> actors)
    {
        ArgumentNullException.ThrowIfNull(actors);
        var wanted = actors.Where(a => !string.IsNullOrEmpty(a)).Select(a => a!).Distinct(StringComparer.Ordinal).ToList();
        var names = wanted.Count == 0
            ? []
            : await db.Users.Where(u => u.UserName != null && wanted.Contains(u.UserName))
                .Select(u => new { UserName = u.UserName!, u.DisplayName })
                .ToDictionaryAsync(u => u.UserName, u => u.DisplayName, StringComparer.Ordinal);
        return wanted.ToDictionary(a => a, a => Name(a, names), StringComparer.Ordinal);
    }

    public async Task<string> DisplayNameAsync(string actor) => (await DisplayNamesAsync([actor])).GetValueOrDefault(actor, actor);

    private string Name(string actor, Dictionary<string, string> users) => actor switch
    {
        ParticipationApplication.ApplicantActor => text["Council.Actor.Applicant"],
        ParticipationApplication.SystemActor => text["Council.Actor.System"],
        _ when users.TryGetValue(actor, out var name) && !string.IsNullOrWhiteSpace(name) => name,
        _ => actor,
    };
}
