using Microsoft.EntityFrameworkCore;
using MioKarte.Core.Common;

namespace MioKarte.Core.Data;

/// <summary>The one way a handler saves a change made from a form that showed an entity's version.</summary>
public static class OptimisticConcurrency
{
    /// <summary>
    /// Saves the tracked changes on the condition that <paramref name="entity"/> is still at
    /// <paramref name="shownVersion"/> in the database. False when someone else saved it in between:
    /// then nothing is saved and the change tracker is cleared, so the caller reads the current state
    /// afresh (e.g. who changed it) and nothing of the refused change can be saved later by accident.
    /// </summary>
    public static async Task<bool> TrySaveAtVersionAsync(
        this DbContext db, IVersioned entity, Guid shownVersion, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(db);
        ArgumentNullException.ThrowIfNull(entity);
        db.Entry(entity).Property(nameof(IVersioned.Version)).OriginalValue = shownVersion;
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            return true;
        }
        catch (DbUpdateConcurrencyException)
        {
            db.ChangeTracker.Clear();
            return false;
        }
    }
}
