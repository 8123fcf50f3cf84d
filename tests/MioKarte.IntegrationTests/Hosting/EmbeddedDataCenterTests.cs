using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Gateway;
using MioKarte.IntegrationTests.Infrastructure;

namespace MioKarte.IntegrationTests.Hosting;

/// <summary>The embedded default: the portal starts the reference center and its gateway talks to it over mutual TLS.</summary>
public sealed class EmbeddedDataCenterPortal : PortalFactory
{
    public EmbeddedDataCenterPortal() => Settings = new Dictionary<string, string?>
    {
        ["DataCenter:Embedded"] = "true",
        ["DataCenter:Url"] = $"https://127.0.0.1:{LoopbackPorts.Free()}",
        ["DataCenter:SeedDemoData"] = "false",
    };
}

public sealed class EmbeddedDataCenterTests(EmbeddedDataCenterPortal portal) : IClassFixture<EmbeddedDataCenterPortal>
{
    [Fact]
    [System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
    public async Task The_gateway_reaches_the_embedded_center_with_the_generated_portal_node_certificate()
    {
        var client = portal.Services.GetRequiredService<DataCenterClient>();

        // An empty center (no demo seed here): a real mutual-TLS round trip that finds no such patient.
        var patient = await client.FindPatientAsync("1311234567", "no-such-patient", new ActingContext("tester", "0110113719", "embedded-check"), CancellationToken.None);

        Assert.Null(patient);
        Assert.True(File.Exists(Path.Combine(portal.DataFolder, "certs", "portal-node.pfx")));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(Path.Combine(portal.DataFolder, "certs", "portal-node.pfx")));
    }
}
