using System.Diagnostics.Metrics;

namespace MioKarte.Core.Hosting;

/// <summary>
/// The portal's own signals (meter <see cref="MeterName"/>), beside ASP.NET Core's, HttpClient's
/// and EF Core's: record loads from the data center by outcome, the center's latency per disclosing
/// facility, access-log rows appended, and the outbox's pending mails. Tags carry facility codes
/// and outcomes only, never a patient or a user. Exported over OTLP when configured
/// (docs/operations.md); a <see cref="MeterListener"/> reads them too.
/// </summary>
public sealed class PortalMetrics
{
    public const string MeterName = "MioKarte.Portal";

    private readonly Counter<long> recordLoads;
    private readonly Histogram<double> dataCenterDuration;
    private readonly Counter<long> accessLogAppends;
    private long mailsPending;

    public PortalMetrics(IMeterFactory meters)
    {
        ArgumentNullException.ThrowIfNull(meters);
        var meter = meters.Create(MeterName);
        recordLoads = meter.CreateCounter<long>(
            "miokarte.record.loads", "{load}", "Patient records read from the data center, by outcome (complete, partial, failed)");
        dataCenterDuration = meter.CreateHistogram<double>(
            "miokarte.datacenter.duration", "s", "Time to read one disclosing facility's part of a record from the data center");
        accessLogAppends = meter.CreateCounter<long>("miokarte.accesslog.appends", "{row}", "Rows appended to the access log (閲覧記録)");
        meter.CreateObservableGauge(
            "miokarte.mail.pending", () => Volatile.Read(ref mailsPending), "{mail}", "Outbox mails not yet sent nor given up, as of this node's last pass");
    }

    /// <summary>A record read from the center: <c>complete</c>, <c>partial</c> (a facility or a kind of data missing) or <c>failed</c> (nothing read).</summary>
    public void RecordLoaded(string outcome) => recordLoads.Add(1, new KeyValuePair<string, object?>("outcome", outcome));

    public void DataCenterRead(string facilityCode, TimeSpan elapsed, bool succeeded) =>
        dataCenterDuration.Record(
            elapsed.TotalSeconds,
            new KeyValuePair<string, object?>("facility", facilityCode),
            new KeyValuePair<string, object?>("outcome", succeeded ? "ok" : "unavailable"));

    public void AccessLogAppended(int rows) => accessLogAppends.Add(rows);

    public void MailsPending(long count) => Volatile.Write(ref mailsPending, count);
}
