using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Clinical;

/// <summary>
/// A signed-in record page opens its database connection once (SQLite, <see cref="RequestConnection"/>),
/// and a pooled context comes back with none open: counted from EF Core's own connection events.
/// </summary>
public sealed class RequestConnectionTests(RecordPortal portal) : IClassFixture<RecordPortal>
{
    [Fact]
    public async Task A_record_view_opens_one_connection_for_the_request_and_one_for_its_access_log_batch()
    {
        var hospital = await portal.AddDisclosingFacilityAsync("接続数総合病院", RecordSamples.Hachioji);
        var (viewing, user) = await portal.AddViewingFacilityWithUserAsync("connections1", "1399000201");
        portal.Center.Add(RecordSamples.Hachioji, "C001", RecordSamples.AtHachioji("C001"));
        var (patient, _) = await portal.AddLinkedPatientAsync(viewing, "C1", (hospital, "C001"));
        using var client = await portal.SignedInClientAsync(user);
        var path = new Uri($"/patients/{patient.Id}", UriKind.Relative);
        // The first view reads the record from the center and notes the visit; the second is the typical one.
        (await client.GetAsync(path)).EnsureSuccessStatusCode();

        var database = await portal.WithServiceAsync<string, MioKarteDbContext>(db => Task.FromResult(db.Database.GetConnectionString()!));
        using var opened = new ConnectionOpenings(database);
        // EF Core skips its connection events for a while (its logging cache time, 1 s by default) after
        // it last found nobody listening: wait that out, else nothing would be counted.
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        (await client.GetAsync(path)).EnsureSuccessStatusCode();

        // Else: the session gate, the patient, its links, the facility's center code and the visit, each its own open.
        Assert.Equal(TestDatabase.IsPostgreSql ? 6 : 2, opened.Count);
    }

    [Fact]
    public async Task A_pooled_context_comes_back_with_its_connection_closed()
    {
        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            await db.HoldForRequestAsync(CancellationToken.None);
            Assert.Equal(TestDatabase.IsPostgreSql, db.Database.GetDbConnection().State == System.Data.ConnectionState.Closed);
        }

        await using (var scope = portal.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
            Assert.Equal(System.Data.ConnectionState.Closed, db.Database.GetDbConnection().State);
        }
    }

    /// <summary>EF Core's ConnectionOpened events for one database, from every context in the process.</summary>
    private sealed class ConnectionOpenings : IObserver<DiagnosticListener>, IObserver<KeyValuePair<string, object?>>, IDisposable
    {
        private readonly string connectionString;
        private readonly List<IDisposable> subscriptions = [];
        private int count;

        public ConnectionOpenings(string connectionString)
        {
            this.connectionString = connectionString;
            subscriptions.Add(DiagnosticListener.AllListeners.Subscribe(this));
        }

        public int Count => Volatile.Read(ref count);

        public void OnNext(DiagnosticListener value)
        {
            if (value.Name == DbLoggerCategory.Name)
            {
                lock (subscriptions)
                {
                    subscriptions.Add(value.Subscribe(this));
                }
            }
        }

        public void OnNext(KeyValuePair<string, object?> value)
        {
            if (value.Key == RelationalEventId.ConnectionOpened.Name
                && value.Value is ConnectionEndEventData e && e.Connection.ConnectionString == connectionString)
            {
                Interlocked.Increment(ref count);
            }
        }

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }

        public void Dispose()
        {
            lock (subscriptions)
            {
                subscriptions.ForEach(s => s.Dispose());
            }
        }
    }
}
