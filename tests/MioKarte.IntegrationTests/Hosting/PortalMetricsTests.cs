using System.Diagnostics.Metrics;
using System.Globalization;
using System.Net;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.AccessLog;
using MioKarte.Core.Data;
using MioKarte.Core.Gateway;
using MioKarte.Core.Mail;
using MioKarte.IntegrationTests.AccessLog;
using MioKarte.IntegrationTests.Gateway;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Testing;

namespace MioKarte.IntegrationTests.Hosting;

/// <summary>
/// The portal's own counters, read with an in-memory MeterListener: access-log rows appended, the
/// outbox backlog (also on /health/ready, Degraded above the threshold), and record loads from the
/// data center by outcome with the center's latency per facility.
/// </summary>
[Collection(GatewayCollection.Name)]
public sealed class PortalMetricsTests(GatewayPki pki) : IClassFixture<GatewayPki>
{
    [Fact]
    public async Task Every_access_log_row_appended_is_counted()
    {
        using var portal = new PortalFactory();
        using var measured = new PortalMeasurements(portal.Services.GetRequiredService<IMeterFactory>());

        await portal.AppendAsync(AccessLogSteps.Actor("counted.user", null), new AccessRecord(AccessAction.PatientList));
        await portal.WithServiceAsync<IReadOnlyList<AccessLogEntry>, AccessLogWriter>(w => w.AppendAsync(
            AccessLogSteps.Actor("counted.user", null), [new AccessRecord(AccessAction.PatientRecord), new AccessRecord(AccessAction.RecordDetail)]));

        Assert.Equal(3, measured.Of("miokarte.accesslog.appends").Sum(m => m.Value));
    }

    [Fact]
    public async Task Mails_waiting_on_a_down_SMTP_server_are_the_pending_gauge_and_make_ready_degraded_above_the_threshold()
    {
        using var portal = new PortalFactory
        {
            Settings = new Dictionary<string, string?>
            {
                ["Mail:Transport"] = "Smtp",
                ["Mail:Smtp:Host"] = "127.0.0.1",
                ["Mail:Smtp:Port"] = LoopbackPorts.Free().ToString(CultureInfo.InvariantCulture), // nothing listens there
                ["Mail:Smtp:Security"] = "None",
                ["Mail:Smtp:TimeoutSeconds"] = "2",
                ["Mail:SendInBackground"] = "false",
                ["Mail:BacklogDegradedAbove"] = "3",
            },
        };
        using var measured = new PortalMeasurements(portal.Services.GetRequiredService<IMeterFactory>());
        await QueueAsync(portal, 3);

        using var client = portal.CreatePortalClient();
        using (var ready = await client.GetAsync(new Uri("/health/ready", UriKind.Relative)))
        {
            Assert.Equal("Healthy", await ready.Content.ReadAsStringAsync());
        }

        await portal.Services.GetRequiredService<OutboxSender>().SendDueAsync(CancellationToken.None);

        Assert.Equal(3, measured.Of("miokarte.mail.pending")[^1].Value);
        await QueueAsync(portal, 1);
        using var degraded = await client.GetAsync(new Uri("/health/ready", UriKind.Relative));
        // Degraded still answers 200: the backlog is the network's, not a reason to take this node out.
        Assert.Equal(HttpStatusCode.OK, degraded.StatusCode);
        Assert.Equal("Degraded", await degraded.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_record_load_is_counted_by_outcome_and_each_facilitys_read_time_is_recorded_with_its_code()
    {
        await using var center = await FhirStubCenter.StartAsync(pki.ServerCertificate, pki.NetworkCa.Certificate);
        center.Add(SyntheticFhir.Build("1311234567", "0000012345", "pa", labResults: 5, orders: 2));
        center.FailingFacilities["1319876543"] = true;
        await using var provider = GatewayServices.Create(center.BaseAddress, pki, null, s =>
        {
            s["DataCenterGateway:AttemptTimeout"] = "00:00:05";
            s["DataCenterGateway:TotalTimeout"] = "00:00:10";
            s["DataCenterGateway:RetryBaseDelay"] = "00:00:00.010";
        });
        using var measured = new PortalMeasurements(provider.GetRequiredService<IMeterFactory>());
        var client = provider.GetRequiredService<DataCenterClient>();
        var acting = new ActingContext("user-0042", "1310000001", "req-metrics");

        await client.GetSharedRecordsAsync([new("1311234567", "試験病院", "0000012345")], acting, null, CancellationToken.None);
        await client.GetSharedRecordsAsync(
            [new("1311234567", "試験病院", "0000012345"), new("1319876543", "故障病院", "0000012345")], acting, null, CancellationToken.None);

        var loads = measured.Of("miokarte.record.loads");
        Assert.Equal(["complete", "partial"], loads.Select(m => m.Tags["outcome"]));
        var reads = measured.Of("miokarte.datacenter.duration");
        Assert.Equal(3, reads.Count);
        Assert.Equal(2, reads.Count(m => m.Tags["facility"] == "1311234567" && m.Tags["outcome"] == "ok"));
        var failed = Assert.Single(reads, m => m.Tags["facility"] == "1319876543");
        Assert.Equal("unavailable", failed.Tags["outcome"]);
        Assert.All(reads, m => Assert.True(m.Value > 0));
    }

    private static async Task QueueAsync(PortalFactory portal, int count)
    {
        await using var scope = portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        for (var i = 0; i < count; i++)
        {
            db.OutboxMessages.Add(OutboxMessage.Create("Test", "wait@example.jp", "試験", "滞留", "本文", portal.Clock.GetUtcNow().UtcDateTime));
        }

        await db.SaveChangesAsync();
    }
}
