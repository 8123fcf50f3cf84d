using MioKarte.Development;

namespace MioKarte.Web.Development;

/// <summary>
/// The development scaffolding, entered from one guarded call each in <c>PortalComposition</c>
/// (ADR-0008): the development HTTPS certificate, the embedded reference data center (and with it
/// the Firely SDK and the center's EF model) and the demo accounts, facilities, applications and
/// patient links. A Production start never calls into this folder, so .NET never loads those
/// assemblies there (<c>ProductionStartTests</c> reads the process's mapped files to prove it).
/// </summary>
public static class DevelopmentComposition
{
    /// <summary>Before the data-center gateway is composed: the embedded center points the gateway at itself.</summary>
    public static void AddDevelopmentScaffolding(this WebApplicationBuilder builder, string dataFolder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (builder.Configuration.GetValue<bool>("Portal:DevelopmentCertificate"))
        {
            builder.UseDevelopmentCertificate(dataFolder);
        }

        builder.AddEmbeddedDataCenter(dataFolder);
    }

    /// <summary>The demo accounts and facilities, then the demo applications (Development with <c>Demo:SeedAccounts</c> only).</summary>
    public static async Task SeedDemoDataAsync(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        await DemoAccounts.SeedAsync(app.Services, app.Environment, app.Configuration);
        await DemoApplications.SeedAsync(app.Services, app.Environment, app.Configuration);
    }
}
