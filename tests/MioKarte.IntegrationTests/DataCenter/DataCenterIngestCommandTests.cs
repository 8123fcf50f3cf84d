using Microsoft.EntityFrameworkCore;

using MioKarte.DataCenter;
using MioKarte.DataCenter.Data;

using JpCore = MioKarte.Core.Gateway.JpCore;

namespace MioKarte.IntegrationTests.DataCenter;

/// <summary>
/// The operator's <c>ingest</c> command with <c>--patient-number</c>: third-party data (a Synthea
/// bundle has no Japanese patient number) loaded and given the facility's number without editing
/// the file. Fixtures written for this test; the real database in a temp folder.
/// </summary>
public sealed class DataCenterIngestCommandTests : IDisposable
{
    private const string Facility = "1311111118";
    private readonly string folder = Path.Combine(Path.GetTempPath(), "miokarte-ingest-cmd-" + Guid.NewGuid().ToString("N"));

    public DataCenterIngestCommandTests() => Directory.CreateDirectory(folder);

    public void Dispose()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        Directory.Delete(folder, recursive: true);
    }

    private DataCenterOptions Options() => new()
    {
        DataFolder = Path.Combine(folder, "center"),
        Facilities = [new DisclosingFacilityOptions { Code = Facility, Name = "テスト病院A" }],
    };

    private string Write(string name, string json)
    {
        var path = Path.Combine(folder, name);
        File.WriteAllText(path, json);
        return path;
    }

    private const string Patient = """
        {"fullUrl":"urn:uuid:6f0c1d7e-0000-4000-8000-000000000001","resource":{"resourceType":"Patient","id":"6f0c1d7e-0000-4000-8000-000000000001",
          "identifier":[{"system":"https://example.org/synthetic-mrn","value":"abc-123"},
                        {"system":"urn:oid:1.2.392.100495.20.3.51.11311111118","value":"old"}],
          "name":[{"family":"Kihn","given":["Rufus"]}],"gender":"male","birthDate":"1960-04-02"},
         "request":{"method":"POST","url":"Patient"}}
        """;

    private const string Observation = """
        {"fullUrl":"urn:uuid:6f0c1d7e-0000-4000-8000-000000000002","resource":{"resourceType":"Observation","status":"final",
          "category":[{"coding":[{"system":"http://terminology.hl7.org/CodeSystem/observation-category","code":"vital-signs"}]}],
          "code":{"coding":[{"system":"http://loinc.org","code":"8331-1","display":"Oral temperature"}]},
          "subject":{"reference":"urn:uuid:6f0c1d7e-0000-4000-8000-000000000001"},"effectiveDateTime":"2020-01-05T09:30:00+09:00",
          "valueQuantity":{"value":37.72080406522396,"unit":"Cel","system":"http://unitsofmeasure.org","code":"Cel"}},
         "request":{"method":"POST","url":"Observation"}}
        """;

    [Fact]
    public async Task The_bundles_one_patient_gets_the_facilitys_number_replacing_one_in_that_system()
    {
        var file = Write("one.json", $$"""{"resourceType":"Bundle","type":"transaction","entry":[{{Patient}},{{Observation}}]}""");
        var output = new StringWriter();
        var error = new StringWriter();

        var code = await DataCenterProgram.IngestAsync(["ingest", file, "--facility", Facility, "--patient-number", "20240517"], Options(), output, error);

        Assert.True(code == 0, error.ToString());
        Assert.Contains("Stored 2 resources", output.ToString(), StringComparison.Ordinal);
        await using var db = Db();
        var numbers = await db.Identifiers.Where(i => i.System == JpCore.PatientIdSystem(Facility)).Select(i => i.Value).ToListAsync();
        Assert.Equal(["20240517"], numbers); // the old number in the facility's system was replaced, not kept beside it
        Assert.True(await db.Identifiers.AnyAsync(i => i.Value == "abc-123")); // other identifiers are kept
        Assert.Equal(1, await db.Resources.CountAsync(r => r.ResourceType == "Observation" && r.PatientId != null));
    }

    [Theory]
    [InlineData(0, "no Patient")]
    [InlineData(2, "holds 2 Patients")]
    public async Task A_bundle_without_exactly_one_patient_is_refused_and_nothing_is_stored(int patients, string message)
    {
        // Records without their Patient (an export of observations only), or two patients in one file.
        var entries = patients == 0
            ? Observation
            : string.Join(",", Enumerable.Range(0, patients).Select(i => Patient.Replace("000000000001", $"00000000010{i}", StringComparison.Ordinal)));
        var file = Write("bad.json", $$"""{"resourceType":"Bundle","type":"transaction","entry":[{{entries}}]}""");
        var error = new StringWriter();

        var code = await DataCenterProgram.IngestAsync(["ingest", file, "--facility", Facility, "--patient-number", "20240517"], Options(), new StringWriter(), error);

        Assert.Equal(1, code);
        Assert.Contains(message, error.ToString(), StringComparison.Ordinal);
        Assert.Contains("Nothing was stored.", error.ToString(), StringComparison.Ordinal);
        Assert.False(File.Exists(Path.Combine(folder, "center", "datacenter.db")));
    }

    [Fact]
    public async Task A_patient_number_option_without_a_number_shows_the_usage()
    {
        var file = Write("one.json", $$"""{"resourceType":"Bundle","type":"transaction","entry":[{{Patient}}]}""");
        var error = new StringWriter();

        var code = await DataCenterProgram.IngestAsync(["ingest", file, "--facility", Facility, "--patient-number"], Options(), new StringWriter(), error);

        Assert.Equal(2, code);
        Assert.Contains("--patient-number NUMBER", error.ToString(), StringComparison.Ordinal);
    }

    private DataCenterDbContext Db() => new(new DbContextOptionsBuilder<DataCenterDbContext>()
        .UseSqlite(DataCenterHost.ConnectionString(Options())).Options);
}
