namespace MioKarte.Core.Common;

/// <summary>
/// An entity whose every change replaces <see cref="Version"/> (a concurrency token), so a form that
/// carries the version it showed can tell whether someone else changed the entity since. Saving at a
/// version is EF's business: <c>Data/OptimisticConcurrency.TrySaveAtVersionAsync</c>.
/// </summary>
public interface IVersioned
{
    Guid Version { get; }
}
