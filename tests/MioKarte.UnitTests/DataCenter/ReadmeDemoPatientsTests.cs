using System.Globalization;
using System.Text;
using Hl7.Fhir.Model;
using MioKarte.DataCenter.Demo;
using Xunit.Abstractions;

namespace MioKarte.UnitTests.DataCenter;

/// <summary>
/// README.md lists the demo patients of the embedded data center (so a first-time user can try
/// 患者IDの登録 and 非常時アクセス without reading a database). The generator is random with a fixed
/// seed; this test keeps the README's table equal to what it generates, so the docs cannot rot.
/// </summary>
public sealed class ReadmeDemoPatientsTests(ITestOutputHelper output)
{
    private const string Begin = "<!-- demo-patients:begin -->";
    private const string End = "<!-- demo-patients:end -->";

    [Fact]
    public void The_README_lists_exactly_the_demo_patients_the_generator_makes()
    {
        var expected = Table(DemoDataGenerator.Full());
        var readme = File.ReadAllText(Path.Combine(Repository.Root, "README.md")).ReplaceLineEndings("\n");
        var begin = readme.IndexOf(Begin, StringComparison.Ordinal);
        var end = readme.IndexOf(End, StringComparison.Ordinal);
        Assert.True(begin >= 0 && end > begin, $"README.md lacks the {Begin} … {End} block.");
        var actual = readme[(begin + Begin.Length)..end].Trim('\n');

        output.WriteLine(expected);
        Assert.True(expected == actual, $"README.md's demo patient table differs from the generator's output; replace it with:\n{expected}");
    }

    /// <summary>One row per Patient resource, hospital by hospital in the generator's order.</summary>
    internal static string Table(DemoDataSet data)
    {
        var text = new StringBuilder();
        var linked = data.PersonsLinkedAtDemoClinic().ToHashSet(StringComparer.Ordinal);
        text.Append("| hospital | 患者番号 | 氏名 | カナ | 生年月日 | 性別 | V00001 |\n");
        text.Append("|---|---|---|---|---|---|---|\n");
        foreach (var (facility, bundle) in data.Bundles)
        {
            var hospital = DemoHospitalCode(facility) + " " + facility.Name;
            foreach (var patient in bundle.Entry.Select(e => e.Resource).OfType<Patient>())
            {
                var kanji = patient.Name.Single(n => Representation(n) == "IDE");
                var kana = patient.Name.Single(n => Representation(n) == "SYL");
                var birth = DateOnly.ParseExact(patient.BirthDate!, "yyyy-MM-dd", CultureInfo.InvariantCulture);
                var sex = patient.Gender == AdministrativeGender.Female ? "女" : "男";
                // The Patient id is "{person key}-{last three digits of the hospital's code}".
                var person = patient.Id![..patient.Id!.LastIndexOf('-')];
                var clinic = linked.Contains(person) ? "登録済み" : "";
                text.Append(CultureInfo.InvariantCulture,
                    $"| {hospital} | `{patient.Identifier[0].Value}` | {kanji.Family} {kanji.Given.Single()} | {kana.Family} {kana.Given.Single()} | {birth:yyyy/MM/dd} | {sex} | {clinic} |\n");
            }
        }

        return text.ToString().TrimEnd('\n');
    }

    /// <summary>The portal's 施設コード of the hospital in the demo (D00001–D00003, in DemoFacilities' order).</summary>
    private static string DemoHospitalCode(DemoFacility facility)
    {
        var index = DemoFacilities.All.ToList().IndexOf(facility);
        return "D" + (index + 1).ToString("00000", CultureInfo.InvariantCulture);
    }

    private static string? Representation(HumanName name) =>
        (name.GetExtension("http://hl7.org/fhir/StructureDefinition/iso21090-EN-representation")?.Value as Code)?.Value;
}
