using Microsoft.Extensions.Caching.Memory;

namespace MioKarte.Core.Records;

/// <summary>
/// The data center's answers for a patient, kept for a few minutes so that paging, zooming and
/// opening details do not ask the center again. Keyed by the viewing facility, the patient and the
/// exact set of active links, so cached data never crosses facilities and a new or withdrawn link
/// starts afresh. Bounded: at most <see cref="MaxEntries"/> patients. A partial answer (a facility
/// down, or partly read) is kept only briefly so the missing facility is retried soon. The counts of
/// records not shown and the partly-read marks live in the cached index, so a cached page says the same.
/// </summary>
public sealed class SharedRecordCache : IDisposable
{
    public const int MaxEntries = 200;
    public static readonly TimeSpan Lifetime = TimeSpan.FromMinutes(3);
    public static readonly TimeSpan PartialLifetime = TimeSpan.FromSeconds(30);

    private readonly MemoryCache cache;

    public SharedRecordCache(TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(time);
        cache = new MemoryCache(new MemoryCacheOptions { SizeLimit = MaxEntries, Clock = new TimeProviderClock(time) });
    }

    public static string KeyOf(Guid viewingFacilityId, Guid patientId, IEnumerable<string> links) =>
        $"{viewingFacilityId:N}|{patientId:N}|{string.Join(',', links.Order(StringComparer.Ordinal))}";

    public CachedRecord? Get(string key) => cache.TryGetValue(key, out CachedRecord? record) ? record : null;

    public void Set(string key, CachedRecord record)
    {
        ArgumentNullException.ThrowIfNull(record);
        cache.Set(key, record, new MemoryCacheEntryOptions
        {
            Size = 1,
            AbsoluteExpirationRelativeToNow = record.Index.Unavailable.Count == 0 && record.Index.PartlyRead.Count == 0 ? Lifetime : PartialLifetime,
        });
    }

    /// <summary>「最新の情報に更新」: forget every cached answer for this facility's patient.</summary>
    public void Forget(Guid viewingFacilityId, Guid patientId)
    {
        var prefix = $"{viewingFacilityId:N}|{patientId:N}|";
        foreach (var key in cache.Keys.OfType<string>().Where(k => k.StartsWith(prefix, StringComparison.Ordinal)).ToList())
        {
            cache.Remove(key);
        }
    }

    public void Dispose() => cache.Dispose();

    private sealed class TimeProviderClock(TimeProvider time) : Microsoft.Extensions.Internal.ISystemClock
    {
        public DateTimeOffset UtcNow => time.GetUtcNow();
    }
}

/// <summary>An indexed record and when it was read from the center.</summary>
public sealed record CachedRecord(PatientRecordIndex Index, DateTime FetchedAtUtc);
