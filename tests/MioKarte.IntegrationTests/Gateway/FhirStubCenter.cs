using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Cryptography.X509Certificates;

using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

using MioKarte.Core.Gateway;
using MioKarte.Testing;

namespace MioKarte.IntegrationTests.Gateway;

/// <summary>
/// A minimal FHIR R4 search server on a loopback port over real mutual TLS (Kestrel), standing in
/// for the data center: it answers Patient?identifier= and {Type}?patient= searches with paging,
/// requires a client certificate issued by the network CA, and records what it received.
/// </summary>
public sealed class FhirStubCenter : IAsyncDisposable
{
    private readonly WebApplication app;
    private readonly ConcurrentDictionary<string, SyntheticFhir.PatientData> byIdentifier = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, SyntheticFhir.PatientData> byCenterId = new(StringComparer.Ordinal);

    private FhirStubCenter(WebApplication app) => this.app = app;

    public Uri BaseAddress { get; private set; } = null!;

    /// <summary>Delay before every answer (a slow center).</summary>
    public TimeSpan Delay { get; set; }

    /// <summary>Facility codes whose patient lookups fail with 500 (one facility's data broken).</summary>
    public ConcurrentDictionary<string, bool> FailingFacilities { get; } = new(StringComparer.Ordinal);

    /// <summary>Per resource type, how many more entries Bundle.total reports than the center sends (no next link for them).</summary>
    public ConcurrentDictionary<string, int> OverstatedTotals { get; } = new(StringComparer.Ordinal);

    /// <summary>Status code for every request when set (e.g. 503 to count retries).</summary>
    public HttpStatusCode? ForcedStatus { get; set; }

    public ConcurrentQueue<(string Method, string Path, string? User, string? Facility, string? RequestId, string? ClientSubject)> Requests { get; } = new();

    public static async Task<FhirStubCenter> StartAsync(X509Certificate2 serverCertificate, X509Certificate2 networkCa)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen => listen.UseHttps(new HttpsConnectionAdapterOptions
        {
            ServerCertificate = serverCertificate,
            ClientCertificateMode = ClientCertificateMode.RequireCertificate,
            // Only certificates issued by the network CA may connect (what the real center does).
            ClientCertificateValidation = (certificate, _, _) =>
            {
                using var chain = new X509Chain();
                chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                chain.ChainPolicy.CustomTrustStore.Add(networkCa);
                chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                return chain.Build(certificate);
            },
        })));
        var app = builder.Build();
        var stub = new FhirStubCenter(app);
        app.Run(stub.HandleAsync);
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
        var port = new Uri(address).Port;
        stub.BaseAddress = new Uri($"https://127.0.0.1:{port}/fhir/");
        return stub;
    }

    public void Add(SyntheticFhir.PatientData patient)
    {
        byIdentifier[$"{JpCore.PatientIdSystem(patient.FacilityCode)}|{patient.FacilityPatientId}"] = patient;
        byCenterId[patient.CenterId] = patient;
    }

    private async Task HandleAsync(HttpContext context)
    {
        var request = context.Request;
        Requests.Enqueue((request.Method, request.Path + request.QueryString, request.Headers["X-Acting-User"], request.Headers["X-Acting-Facility"],
            request.Headers["X-Request-Id"], context.Connection.ClientCertificate?.Subject));
        if (Delay > TimeSpan.Zero)
        {
            await Task.Delay(Delay, context.RequestAborted);
        }

        if (ForcedStatus is { } forced)
        {
            context.Response.StatusCode = (int)forced;
            return;
        }

        var path = request.Path.Value ?? string.Empty;
        if (!path.StartsWith("/fhir/", StringComparison.Ordinal))
        {
            context.Response.StatusCode = 404;
            return;
        }

        var type = path["/fhir/".Length..];
        string body;
        if (type == "Patient" && request.Query.TryGetValue("identifier", out var identifier))
        {
            var facility = identifier.ToString().Split('|')[0].Replace(JpCore.PatientIdSystemPrefix, string.Empty, StringComparison.Ordinal);
            if (FailingFacilities.ContainsKey(facility))
            {
                context.Response.StatusCode = 500;
                return;
            }

            body = byIdentifier.TryGetValue(identifier.ToString(), out var found)
                ? SyntheticFhir.Bundle(found.ResourcesByType["Patient"], 1)
                : SyntheticFhir.Bundle([], 0);
        }
        else if (request.Query.TryGetValue("patient", out var patient))
        {
            var centerId = patient.ToString().Replace("Patient/", string.Empty, StringComparison.Ordinal);
            if (!byCenterId.TryGetValue(centerId, out var data) || !data.ResourcesByType.TryGetValue(type, out var resources))
            {
                resources = [];
            }

            var count = int.TryParse(request.Query["_count"], CultureInfo.InvariantCulture, out var c) ? Math.Min(c, 1000) : 100;
            var offset = int.TryParse(request.Query["_offset"], CultureInfo.InvariantCulture, out var o) ? o : 0;
            string? next = null;
            if (offset + count < resources.Count)
            {
                next = $"{BaseAddress}{type}?patient={Uri.EscapeDataString(patient.ToString())}&_count={count}&_offset={offset + count}";
            }

            body = SyntheticFhir.Bundle(resources.Skip(offset).Take(count), resources.Count + OverstatedTotals.GetValueOrDefault(type), nextUrl: next);
        }
        else
        {
            context.Response.StatusCode = 400;
            return;
        }

        context.Response.ContentType = "application/fhir+json; charset=utf-8";
        await context.Response.WriteAsync(body, context.RequestAborted);
    }

    public async ValueTask DisposeAsync()
    {
        await app.StopAsync();
        await app.DisposeAsync();
    }
}
