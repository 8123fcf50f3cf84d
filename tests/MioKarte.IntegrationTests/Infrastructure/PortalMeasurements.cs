using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using MioKarte.Core.Hosting;

namespace MioKarte.IntegrationTests.Infrastructure;

/// <summary>
/// An in-memory <see cref="MeterListener"/> on the <see cref="PortalMetrics"/> meter of one host
/// (the meter whose scope is that host's <see cref="IMeterFactory"/>: tests run side by side in
/// one process, each portal with its own meter).
/// </summary>
public sealed class PortalMeasurements : IDisposable
{
    private readonly MeterListener listener = new();

    public PortalMeasurements(IMeterFactory meters)
    {
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == PortalMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, meters))
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        listener.Start();
    }

    public ConcurrentQueue<Measurement> All { get; } = new();

    /// <summary>The measurements of <paramref name="instrument"/>, reading observable gauges first.</summary>
    public IReadOnlyList<Measurement> Of(string instrument)
    {
        listener.RecordObservableInstruments();
        return [.. All.Where(m => m.Instrument == instrument)];
    }

    public void Dispose() => listener.Dispose();

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }

        All.Enqueue(new Measurement(instrument.Name, value, copy));
    }

    public sealed record Measurement(string Instrument, double Value, IReadOnlyDictionary<string, string?> Tags);
}
