using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Data;

namespace MioKarte.Web.Areas.Council.Shared;

/// <summary>
/// Workflows record who acted by 利用者ID; messages such as 「…さんがすでに変更しました」 name the
/// person as the council knows them: 「連絡協議会 花子（council-a）」.
/// </summary>
public static class ActorNames
{
    public static async Task<string> DisplayAsync(MioKarteDbContext db, string actor)
    {
        ArgumentNullException.ThrowIfNull(db);
        if (string.IsNullOrEmpty(actor))
        {
            return actor;
        }

        var normalized = actor.ToUpperInvariant();
        var name = await db.Users.Where(u => u.NormalizedUserName == normalized).Select(u => u.DisplayName).FirstOrDefaultAsync();
        return string.IsNullOrEmpty(name) ? actor : $"{name}（{actor}）";
    }
}
