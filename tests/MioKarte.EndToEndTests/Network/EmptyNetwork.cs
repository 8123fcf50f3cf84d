using System.Globalization;
using System.Text.RegularExpressions;
using Hl7.Fhir.Model;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using MioKarte.Core.Data;
using MioKarte.DataCenter.Demo;
using MioKarte.EndToEndTests.Infrastructure;
using MioKarte.IntegrationTests.Infrastructure;
using MioKarte.Web.Infrastructure;
using Task = System.Threading.Tasks.Task;

namespace MioKarte.EndToEndTests.Network;

/// <summary>
/// A network on its first day, as production starts it: no demo account, facility, application or
/// patient link (<c>Demo:SeedAccounts=false</c>); terminal certificates required over real TLS;
/// mail over real SMTP to Debian's aiosmtpd; and the embedded reference data center, which is the
/// hospitals' system, holding a slice of its demo hospitals' clinical data.
/// </summary>
public sealed partial class EmptyNetwork : IDisposable
{
    private readonly SmtpServer smtp = new();

    private EmptyNetwork(DemoDataSet hospitals)
    {
        smtp.Start();
        Hospitals = hospitals;
        // Read before loading: the center's ingest rewrites the Patient resources' ids.
        var (hospital, patient) = hospitals.Bundles
            .SelectMany(b => b.Bundle.Entry.Select(e => e.Resource).OfType<Patient>().Select(p => (b.Facility, Patient: p)))
            .First();
        ReferredPatient = new TransmittalSheet(
            hospital,
            patient.Identifier[0].Value!,
            patient.Name.First(n => n.Extension.Any(e => e.Value is Code { Value: "IDE" })).Text!,
            patient.Name.First(n => n.Extension.Any(e => e.Value is Code { Value: "SYL" })).Text!,
            patient.Gender == AdministrativeGender.Female ? "女" : "男",
            patient.BirthDate!);
        Portal = new PortalServer(new Dictionary<string, string?>
        {
            ["Demo:SeedAccounts"] = "false",
            ["ClientCertificates:Mode"] = "Required",
            ["Mail:Transport"] = "Smtp",
            ["Mail:Smtp:Host"] = "127.0.0.1",
            ["Mail:Smtp:Port"] = smtp.Port.ToString(CultureInfo.InvariantCulture),
            ["Mail:Smtp:Security"] = "None",
            ["Mail:Smtp:TimeoutSeconds"] = "5",
            ["Mail:PollSeconds"] = "1",
        });
    }

    public PortalServer Portal { get; }

    /// <summary>What the data center's hospitals hold (the hospitals' own systems, not the portal's database).</summary>
    public DemoDataSet Hospitals { get; }

    /// <summary>The 患者情報送信票 a patient of one demo hospital brings to the facility of the journey.</summary>
    public TransmittalSheet ReferredPatient { get; }

    /// <summary>Starts the portal and loads the hospitals' data into its data center through the center's ingest path.</summary>
    public static async Task<EmptyNetwork> StartAsync()
    {
        var network = new EmptyNetwork(new DemoDataGenerator(seed: 1013, patientCount: 3, includeHeavyPatient: false).Generate());
        try
        {
            await network.Portal.LoadIntoDataCenterAsync(network.Hospitals);
            return network;
        }
        catch
        {
            network.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Read only, for assertions: how many accounts, facilities, applications and patient links the
    /// portal's database holds.
    /// </summary>
    public async Task<(int Users, int Facilities, int Applications, int PatientLinks)> CountAsync()
    {
        await using var scope = Portal.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<MioKarteDbContext>();
        return (await db.Users.CountAsync(), await db.Facilities.CountAsync(), await db.ParticipationApplications.CountAsync(),
            await db.PatientLinks.CountAsync());
    }

    /// <summary>The operator's command line: <c>dotnet MioKarte.Web.dll add-council-staff …</c>, the initial password on standard input.</summary>
    public async Task AddCouncilStaffAsync(string userName, string displayName, string email, string password)
    {
        using var input = new StringReader(password + Environment.NewLine);
        using var output = new StringWriter(CultureInfo.InvariantCulture);
        using var error = new StringWriter(CultureInfo.InvariantCulture);
        string[] args = [AddCouncilStaffCommand.Name, "--user-name", userName, "--name", displayName, "--email", email];
        Assert.True(AddCouncilStaffCommand.IsRequested(args));

        var exit = await AddCouncilStaffCommand.RunAsync(Portal.Services, args, input, output, error);

        Assert.True(exit == 0, $"add-council-staff exited with {exit}: {error}{output}");
    }

    /// <summary>
    /// The link of the activation mail to <paramref name="address"/> as it reached the SMTP server
    /// (waits up to 30 s; other mail to the address, such as the application's receipt, is passed over).
    /// </summary>
    public async Task<string> ActivationLinkAsync(string address)
    {
        for (var i = 0; i < 300; i++)
        {
            var link = smtp.Messages()
                .Where(m => m.To.Mailboxes.Any(b => string.Equals(b.Address, address, StringComparison.OrdinalIgnoreCase)))
                .Select(m => ActivationLink().Match(m.TextBody ?? ""))
                .FirstOrDefault(m => m.Success);
            if (link is not null)
            {
                Assert.StartsWith(Portal.BaseUrl + "/account/activate/", link.Value, StringComparison.Ordinal);
                return link.Value;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException($"No activation mail to {address} reached the SMTP server (it holds {smtp.Messages().Count} message(s)).");
    }

    public void Dispose()
    {
        Portal.Dispose();
        smtp.Dispose();
    }

    [GeneratedRegex(@"https://\S+/account/activate/[A-Za-z0-9_\-]+")]
    private static partial Regex ActivationLink();
}

/// <summary>
/// 地域医療連携ネットワークシステム患者情報送信票: the referring hospital, its patient ID, and the
/// demographics the data center checks (氏名 in kanji and kana, 性別 as the form's label, 生年月日).
/// </summary>
public sealed record TransmittalSheet(DemoFacility Hospital, string PatientId, string NameKanji, string NameKana, string Sex, string BirthDate);
